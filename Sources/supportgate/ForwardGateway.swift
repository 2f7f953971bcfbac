import MicrosoftAPI
import SupportGateConfig
import SupportGateFiling
import SupportGateForward

/// Where `supportgate forward` gets its HTTPS client: `MicrosoftClient` over one
/// AsyncHTTPClient pool, sized by `forward.concurrency` and trusting `forward.caFile` besides
/// the system's anchors. The command owns the pool and shuts it down when the forwarder ends
/// (AsyncHTTPClient requires it before the pool goes away).
final class ForwardGateway: Sendable {
    private let transport: AsyncHTTPClientTransport

    init(settings: ForwardSettings) throws(TransportSetupError) {
        transport = try AsyncHTTPClientTransport(caFile: settings.caFile, connectionsPerHost: settings.concurrency)
    }

    var factory: Forwarder.GatewayFactory {
        { [transport] context in
            MicrosoftClient(transport: transport, refreshTokens: context.refreshTokens, events: context.events)
        }
    }

    func shutdown() async {
        await transport.shutdown()
    }
}
