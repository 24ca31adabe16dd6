/// The number of single-character insertions, deletions, substitutions and swaps of neighbours that turn
/// `source` into `target`.
func editDistance(_ source: String, _ target: String) -> Int {
    let source = Array(source)
    let target = Array(target)
    guard !source.isEmpty else { return target.count }
    guard !target.isEmpty else { return source.count }

    // distances[i][j] is the distance between the first i characters of source and the first j of target.
    var distances = [[Int]](repeating: [Int](repeating: 0, count: target.count + 1), count: source.count + 1)
    for i in 0...source.count { distances[i][0] = i }
    for j in 0...target.count { distances[0][j] = j }

    for i in 1...source.count {
        for j in 1...target.count {
            let substitution = source[i - 1] == target[j - 1] ? 0 : 1
            var best = min(
                distances[i - 1][j] + 1, distances[i][j - 1] + 1, distances[i - 1][j - 1] + substitution)
            if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                best = min(best, distances[i - 2][j - 2] + 1)
            }
            distances[i][j] = best
        }
    }
    return distances[source.count][target.count]
}
