//! Registers the embedded DejaVu Sans font with plotters, once per process.

use std::sync::Once;

static REGISTER: Once = Once::new();

/// The font family name the charts use.
pub(crate) const FAMILY: &str = "sans-serif";

/// Registers DejaVu Sans (regular and bold) as plotters' `sans-serif` family.
pub(crate) fn register() {
    REGISTER.call_once(|| {
        use plotters::style::FontStyle;
        // The embedded font is valid; if plotters rejected it, text would be missing, which the
        // plot tests catch.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}
