import Shared

/// The fixed 64-bit hash that consistent-hashing balancers place keys and endpoints with.
///
/// Every process computes the same value for the same bytes (unlike `Hasher`, which is seeded per process), so
/// gateways running side by side send a given key to the same endpoint. The hash is 64-bit FNV-1a followed by a
/// finalizing mix, which spreads FNV's weak low bits over the whole word.
public enum BalancerKey {
    /// The hash of raw bytes, such as a header value as received.
    public static func hash(bytes: some Sequence<UInt8>) -> UInt64 {
        var state = State()
        state.add(bytes)
        return state.finish()
    }

    /// The hash of a string's UTF-8 encoding.
    public static func hash(string: String) -> UInt64 {
        hash(bytes: string.utf8)
    }

    /// The hash of a client's IP address; the port is left out, as it changes with every connection.
    public static func hash(clientAddress: SocketAddress) -> UInt64 {
        hash(bytes: clientAddress.bytes)
    }

    /// Scrambles all 64 bits of `value` so that each input bit affects every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var bits = value
        bits = (bits ^ (bits >> 30)) &* 0xbf58_476d_1ce4_e5b9
        bits = (bits ^ (bits >> 27)) &* 0x94d0_49bb_1331_11eb
        return bits ^ (bits >> 31)
    }

    /// A hash under construction, fed a byte at a time.
    struct State {
        private var value: UInt64 = 0xcbf2_9ce4_8422_2325

        /// Feeds `bytes`.
        mutating func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }

        /// Feeds the four bytes of `number`, least significant first.
        mutating func add(_ number: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) {
                value = (value ^ UInt64((number >> UInt32(shift)) & 0xff)) &* 0x0000_0100_0000_01b3
            }
        }

        /// The finished hash.
        func finish() -> UInt64 {
            BalancerKey.mix(value)
        }
    }
}
