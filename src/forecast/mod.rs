//! Learning from history: arrival profiles and volumes with uncertainty, handle-time and patience fits.
