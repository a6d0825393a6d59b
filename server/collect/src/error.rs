/// What stops a collection altogether. Everything smaller is a warning in the snapshot.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("{0}")]
    Config(String),
    #[error("no region to collect from: pass --region or set one in the profile or AWS_REGION")]
    NoRegion,
    #[error("cannot assume role {role}: {message}")]
    AssumeRole { role: String, message: String },
    #[error("no region could be inventoried: {0}")]
    NoInventory(String),
    #[error("the collected snapshot is invalid (a bug in berth-collect): {0}")]
    Invalid(String),
}
