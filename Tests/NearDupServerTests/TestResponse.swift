import Hummingbird
import NIOCore

/// A response as the tests read it.
struct TestResponse: Sendable {
    var head: HTTPResponse
    var body: ByteBuffer

    var status: HTTPResponse.Status { head.status }
    var headers: HTTPFields { head.headerFields }
}
