@testable import MicrosoftAPI
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SupportGateFiling
import Testing

/// One HTTPS server on loopback with a certificate from the test CA
/// (Tests/Fixtures/microsoft-api-tls): the real transport trusts it only through `caFile`.
@Suite(.serialized) struct RealTLSTests {
    static let folder = "Tests/Fixtures/microsoft-api-tls"

    /// Serves `/…/oauth2/v2.0/token` with a token and everything else with a ticket.
    static func withServer(_ body: (Int) async throws -> Void) async throws {
        let chain = try NIOSSLCertificate.fromPEMFile("\(folder)/server.pem").map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: "\(folder)/server-key.pem", format: .pem)
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MicrosoftReplyHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(try #require(channel.localAddress?.port))
        } catch {
            try? await channel.close()
            throw error
        }
        try await channel.close()
    }

    @Test func aServerSignedByTheCAOfCaFileIsTrustedAndTheWholeFlowRuns() async throws {
        try await Self.withServer { port in
            let transport = try AsyncHTTPClientTransport(caFile: "\(Self.folder)/ca.pem", connectionsPerHost: 2)
            let endpoints = MicrosoftEndpoints(authority: "https://localhost:\(port)", azure: "https://localhost:\(port)",
                                               partnerCenter: "https://localhost:\(port)")
            let client = MicrosoftClient(transport: transport, refreshTokens: MemoryRefreshTokenStore(), events: { _ in })
            let ticket = try await client.findAzureTicket(Fixture.request(endpoints: endpoints), credentials: Fixture.credentials())
            #expect(ticket?.supportTicketId == "2401010010000001")
            await transport.shutdown()
        }
    }

    @Test func withoutCaFileTheSameServerIsATLSFailure() async throws {
        try await Self.withServer { port in
            let transport = try AsyncHTTPClientTransport(caFile: nil, connectionsPerHost: 2)
            do throws(HTTPTransportError) {
                _ = try await transport.send(HTTPRequest(method: "GET", url: "https://localhost:\(port)/x", timeoutSeconds: 2))
                Issue.record("an unknown CA was trusted")
            } catch {
                #expect(error.kind == .tls, "\(error)")
            }
            await transport.shutdown()
        }
    }

    @Test func aRefusedConnectionIsClassified() async throws {
        let transport = try AsyncHTTPClientTransport(caFile: nil, connectionsPerHost: 1)
        do throws(HTTPTransportError) {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "https://127.0.0.1:1/x", timeoutSeconds: 2))
            Issue.record("port 1 answered")
        } catch {
            #expect(error.kind == .connectionRefused, "\(error)")
        }
        await transport.shutdown()
    }

    @Test func anUnreadableCaFileStopsTheTransportFromStarting() {
        #expect(throws: TransportSetupError.self) { _ = try AsyncHTTPClientTransport(caFile: "\(Self.folder)/missing.pem", connectionsPerHost: 1) }
        #expect(throws: TransportSetupError.self) { _ = try AsyncHTTPClientTransport(caFile: "\(Self.folder)/README.md", connectionsPerHost: 1) }
    }
}

/// Microsoft in one handler: a token for the token endpoint, a ticket for the rest.
/// Lives on its channel's event loop only (added through syncOperations), so its state needs no lock.
final class MicrosoftReplyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else {
            if case .end = unwrapInboundIn(data) { reply(context: context) }
            return
        }
        isToken = head.uri.contains("/oauth2/v2.0/token")
    }

    private var isToken = false

    private func reply(context: ChannelHandlerContext) {
        let body = isToken ? #"{"token_type":"Bearer","expires_in":3600,"access_token":"tls-token"}"#
            : #"{"name":"n","properties":{"supportTicketId":"2401010010000001","status":"Open"}}"#
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
