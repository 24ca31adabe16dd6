import Shared

print("gatehouse \(BuildInfo.version)")
