//! Plots (plotters, SVG and PNG, embedded DejaVu font).
