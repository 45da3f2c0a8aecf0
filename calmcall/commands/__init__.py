"""One module per `calmcall` subcommand: `configure(sub, common)` and `run(args)`."""
