internal import ArgumentParser
internal import FazhiCommandLine

// The command lives in FazhiCommandLine; this executable only starts it. Called from an async
// function, because a top-level `await GatewayCommand.main()` picks the synchronous overload.
func runCommand() async { await GatewayCommand.main() }
await runCommand()
