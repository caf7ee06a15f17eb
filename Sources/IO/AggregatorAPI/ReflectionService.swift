import Foundation
import GRPCCore
import SwiftProtobuf

/// gRPC server reflection (v1) for the services in `Protos/`: `list_services`, `file_by_filename`,
/// `file_containing_symbol` (a service, method, message or field name), answered from the descriptor set
/// generated with the code, so tools such as grpcurl can call the aggregator without the `.proto` files.
public struct ReflectionService: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
    let files: [String: Google_Protobuf_FileDescriptorProto]
    let symbols: [String: String]
    let services: [String]

    /// - Throws: when the embedded descriptor set cannot be decoded (a build problem, not a run-time one).
    public init() throws {
        guard let data = Data(base64Encoded: descriptorSetBase64) else {
            throw RPCError(code: .internalError, message: "embedded descriptor set is not base64")
        }
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: data)
        var files: [String: Google_Protobuf_FileDescriptorProto] = [:]
        var symbols: [String: String] = [:]
        var services: [String] = []
        for file in set.file {
            files[file.name] = file
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType { Self.index(message, prefix: prefix, file: file.name, into: &symbols) }
            for e in file.enumType { symbols[prefix + e.name] = file.name }
            for service in file.service {
                let name = prefix + service.name
                symbols[name] = file.name
                services.append(name)
                for method in service.method { symbols[name + "." + method.name] = file.name }
            }
        }
        self.files = files
        self.symbols = symbols
        self.services = services.sorted()
    }

    private static func index(
        _ message: Google_Protobuf_DescriptorProto, prefix: String, file: String, into symbols: inout [String: String]
    ) {
        let name = prefix + message.name
        symbols[name] = file
        for field in message.field { symbols[name + "." + field.name] = file }
        for nested in message.nestedType { index(nested, prefix: name + ".", file: file, into: &symbols) }
        for e in message.enumType { symbols[name + "." + e.name] = file }
    }

    public func serverReflectionInfo(
        request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
        response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>,
        context: ServerContext
    ) async throws {
        for try await message in request {
            try await response.write(answer(message))
        }
    }

    /// The answer to one request.
    public func answer(_ request: Grpc_Reflection_V1_ServerReflectionRequest) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var reply = Grpc_Reflection_V1_ServerReflectionResponse()
        reply.validHost = request.host
        reply.originalRequest = request
        switch request.messageRequest {
        case .listServices:
            var list = Grpc_Reflection_V1_ListServiceResponse()
            list.service = services.map { name in
                var service = Grpc_Reflection_V1_ServiceResponse()
                service.name = name
                return service
            }
            reply.messageResponse = .listServicesResponse(list)
        case .fileByFilename(let name):
            reply.messageResponse = fileResponse(name)
        case .fileContainingSymbol(let symbol):
            reply.messageResponse = symbols[symbol].map(fileResponse) ?? notFound("symbol \(symbol)")
        case .fileContainingExtension, .allExtensionNumbersOfType:
            reply.messageResponse = notFound("extensions (none are defined)")
        case .none:
            reply.messageResponse = notFound("an empty request")
        }
        return reply
    }

    /// The file and its dependencies, as serialized `FileDescriptorProto`s.
    private func fileResponse(_ name: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        guard files[name] != nil else { return notFound("file \(name)") }
        var ordered: [String] = []
        var pending = [name]
        while let next = pending.popLast() {
            guard !ordered.contains(next), let file = files[next] else { continue }
            ordered.append(next)
            pending += file.dependency
        }
        var response = Grpc_Reflection_V1_FileDescriptorResponse()
        response.fileDescriptorProto = ordered.compactMap { try? files[$0]?.serializedBytes() }
        return .fileDescriptorResponse(response)
    }

    private func notFound(_ what: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        var error = Grpc_Reflection_V1_ErrorResponse()
        error.errorCode = Int32(RPCError.Code.notFound.rawValue)
        error.errorMessage = "not found: \(what)"
        return .errorResponse(error)
    }
}
