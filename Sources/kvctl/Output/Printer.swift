/// The output formats: etcdctl's four, and two for pipes.
enum OutputFormat: String, CaseIterable, Sendable {
    case simple, json, fields, table, lines, ndjson
}

/// Turns responses into the bytes a format prints. Pure: the commands write the result.
struct Printer: Sendable {
    var format: OutputFormat
    /// `--hex`: keys and values as `\xNN` bytes in the simple format.
    var hex = false

    /// What etcdctl says for a format a command cannot print.
    func unsupported() -> KvctlError {
        .unsupported("\(format.rawValue) not supported as output format")
    }

    /// What etcdctl prints in every format of its own (a sentence, whatever `-w` says), or
    /// the record in a pipe format.
    func sentence(_ text: String, or record: PipeRecord) -> OutputBuffer {
        if let buffer = record.buffer(format) { return buffer }
        var buffer = OutputBuffer()
        buffer.line(text)
        return buffer
    }

    /// Several records in a pipe format, one per line; nil for etcdctl's formats.
    func pipeBuffer(_ records: [PipeRecord]) -> OutputBuffer? {
        guard format == .lines || format == .ndjson else { return nil }
        var buffer = OutputBuffer()
        for record in records { buffer.append(record.buffer(format)?.bytes ?? []) }
        return buffer
    }
}
