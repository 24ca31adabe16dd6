/// Writes configuration in its canonical JSON form: sorted keys, no whitespace, every default written out.
///
/// Equal configurations give equal bytes whatever order their source documents used, so the bytes can be
/// hashed with ``ContentHash`` to identify a version.
public enum ConfigEncoder {
    /// The canonical JSON bytes of `resource`.
    public static func canonicalJSON(_ resource: some ConfigResource) -> [UInt8] {
        resource.jsonValue.canonicalBytes
    }

    /// The canonical JSON bytes of `value`.
    public static func canonicalJSON(_ value: JSONValue) -> [UInt8] {
        value.canonicalBytes
    }
}
