//! Ingestion of historical ACD/telephony exports (per-contact records and interval reports).
