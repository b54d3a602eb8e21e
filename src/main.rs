//! The `wfmsim` command line: argument parsing and glue over the `wfmsim` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
