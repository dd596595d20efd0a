"""Sans-I/O wire layer: gRPC-web framing and gRPC status codes, shared by the SDK and the emulator."""
