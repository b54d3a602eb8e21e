//! Progress reporting on stderr (indicatif), hidden when stderr is not a terminal or --quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use wfmsim::staffing::Progress;

/// A spinner counting simulated plans and replications.
pub(crate) struct Spinner {
    bar: ProgressBar,
}

impl Spinner {
    /// A spinner with `label`; invisible when `quiet` or stderr is not a terminal.
    pub(crate) fn new(label: &str, quiet: bool) -> Self {
        let bar = ProgressBar::new_spinner();
        if quiet || !std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix} {msg} [{elapsed}]")
                .expect("valid template"),
        );
        bar.set_prefix(label.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Spinner { bar }
    }

    /// Changes the label (a new phase of the work).
    pub(crate) fn phase(&self, label: &str) {
        self.bar.set_prefix(label.to_string());
    }

    /// Removes the spinner.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Spinner {
    fn evaluated(&self, replications: u32) {
        self.bar.inc(1);
        self.bar.set_message(format!(
            "{} plans simulated × {replications} replications",
            self.bar.position()
        ));
    }
}
