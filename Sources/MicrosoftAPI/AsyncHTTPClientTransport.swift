import AsyncHTTPClient
import Glibc
import NIOCore
import NIOHTTP1
import NIOSSL
import SystemCalls

/// The real transport: one shared `HTTPClient` (swift-nio-ssl, keep-alive pool) for every
/// request the forwarder makes. TLS trusts the system's store plus the PEM anchors of
/// `forward.caFile`; redirects are never followed, so a bearer token goes only where the
/// client sent it.
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    /// The most of an answer read; Microsoft's are a few kilobytes.
    static let maxBodyBytes = 4 << 20

    /// - Parameters:
    ///   - caFile: extra PEM trust anchors (`forward.caFile`), nil or empty for none.
    ///   - connectionsPerHost: the keep-alive pool's size per host (`forward.concurrency`).
    public init(caFile: String?, connectionsPerHost: Int, connectTimeoutSeconds: Double = 10, readTimeoutSeconds: Double = 60)
        throws(TransportSetupError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile, !caFile.isEmpty {
            tls.additionalTrustRoots = [.certificates(try Self.anchors(caFile))]
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(connectTimeoutSeconds * 1000)), read: .milliseconds(Int64(readTimeoutSeconds * 1000))),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connectionsPerHost)),
            decompression: .disabled)
        // HTTP/1.1: the pool then holds `connectionsPerHost` connections, one request each,
        // which is what `forward.concurrency` means; over HTTP/2 the requests to a host would
        // share one connection and the pool's size would bound nothing.
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the pool's connections; call once, when the forwarder stops.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(request.timeoutSeconds * 1000)))
            let body = try await response.body.collect(upTo: Self.maxBodyBytes)
            return HTTPResponse(status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
                                body: Array(buffer: body))
        } catch {
            throw Self.classify(error)
        }
    }

    /// Which kind of failure a swift-nio / AsyncHTTPClient error is. Its text goes along as
    /// the detail (the client scrubs it).
    static func classify(_ error: any Error) -> HTTPTransportError {
        let text = String(describing: error)
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return HTTPTransportError(.timeout, detail: text)
            case .remoteConnectionClosed:
                return HTTPTransportError(.connectionReset, detail: text)
            default:
                break
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return HTTPTransportError(.tls, detail: text)
        }
        if error is NIOTooManyBytesError {
            return HTTPTransportError(.tooLarge, detail: "more than \(maxBodyBytes) bytes")
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return HTTPTransportError(.connectionRefused, detail: text)
            case ECONNRESET, EPIPE: return HTTPTransportError(.connectionReset, detail: text)
            case ETIMEDOUT: return HTTPTransportError(.timeout, detail: text)
            default: break
            }
        }
        let lowered = text.lowercased()
        if lowered.contains("refused") { return HTTPTransportError(.connectionRefused, detail: text) }
        if lowered.contains("reset") || lowered.contains("eof") { return HTTPTransportError(.connectionReset, detail: text) }
        if lowered.contains("certificate") || lowered.contains("ssl") || lowered.contains("tls") { return HTTPTransportError(.tls, detail: text) }
        return HTTPTransportError(.other, detail: text)
    }

    /// The PEM certificates of `caFile`, read through the SystemCall layer so a missing or
    /// unreadable file is a clear error at start, not a TLS failure on the first request.
    static func anchors(_ path: String) throws(TransportSetupError) -> [NIOSSLCertificate] {
        let bytes: [UInt8]
        do {
            let descriptor = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
            defer { try? SystemCall.close(descriptor) }
            bytes = try SystemCall.readAll(descriptor, limit: 1 << 20).bytes
        } catch {
            throw TransportSetupError(message: "forward.caFile \(path): \(error)")
        }
        do {
            let certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
            guard !certificates.isEmpty else { throw TransportSetupError(message: "forward.caFile \(path): no PEM certificate in it") }
            return certificates
        } catch let error as TransportSetupError {
            throw error
        } catch {
            throw TransportSetupError(message: "forward.caFile \(path): not PEM certificates (\(error))")
        }
    }
}

/// The transport could not be set up (an unreadable `caFile`): the forwarder does not start.
public struct TransportSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
