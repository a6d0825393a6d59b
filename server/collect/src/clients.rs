//! SDK clients per region, from the default chain / profile / assumed role and the endpoint URL.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::{CollectConfig, CollectError};

/// Cost Explorer lives in one region.
const COST_EXPLORER_REGION: &str = "us-east-1";

/// The clients of one region.
#[derive(Clone, Debug)]
pub struct RegionClients {
    pub region: String,
    pub lambda: aws_sdk_lambda::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
}

impl RegionClients {
    pub fn from_sdk_config(config: &SdkConfig) -> RegionClients {
        RegionClients {
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            lambda: aws_sdk_lambda::Client::new(config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
        }
    }
}

/// Everything a collection talks to.
#[derive(Clone, Debug)]
pub struct Clients {
    pub regions: Vec<RegionClients>,
    pub cost_explorer: aws_sdk_costexplorer::Client,
}

impl Clients {
    /// The clients of a region the inventory came from (always built before it).
    pub fn region(&self, region: &str) -> &RegionClients {
        self.regions
            .iter()
            .find(|r| r.region == region)
            .expect("inventory of a known region")
    }
}

/// Loads the shared config like the AWS CLI does (environment, profile, SSO, IMDS...), assumes
/// the role when asked, and builds one set of clients per region.
pub async fn build_clients(config: &CollectConfig) -> Result<Clients, CollectError> {
    let base = load(config, None).await;
    let regions: Vec<String> = if config.regions.is_empty() {
        match base.region() {
            Some(region) => vec![region.to_string()],
            None => return Err(CollectError::NoRegion),
        }
    } else {
        config.regions.clone()
    };
    let credentials = match &config.assume_role {
        None => None,
        Some(role) => {
            let provider = aws_config::sts::AssumeRoleProvider::builder(role.clone())
                .session_name("berth-collect")
                .configure(&base)
                .build()
                .await;
            // Fail early and clearly rather than once per call.
            use aws_credential_types::provider::ProvideCredentials;
            provider
                .provide_credentials()
                .await
                .map_err(|e| CollectError::AssumeRole {
                    role: role.clone(),
                    message: aws_sdk_lambda::error::DisplayErrorContext(e).to_string(),
                })?;
            Some(aws_credential_types::provider::SharedCredentialsProvider::new(provider))
        }
    };
    let mut clients = Vec::new();
    for region in &regions {
        let sdk = with_credentials(load(config, Some(region)).await, &credentials);
        clients.push(RegionClients::from_sdk_config(&sdk));
    }
    let cost_explorer = aws_sdk_costexplorer::Client::new(&with_credentials(
        load(config, Some(COST_EXPLORER_REGION)).await,
        &credentials,
    ));
    Ok(Clients {
        regions: clients,
        cost_explorer,
    })
}

fn with_credentials(
    sdk: SdkConfig,
    credentials: &Option<aws_credential_types::provider::SharedCredentialsProvider>,
) -> SdkConfig {
    match credentials {
        None => sdk,
        Some(provider) => sdk
            .into_builder()
            .credentials_provider(provider.clone())
            .build(),
    }
}

async fn load(config: &CollectConfig, region: Option<&str>) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(config.max_attempts.max(1)))
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .operation_attempt_timeout(config.attempt_timeout)
                .build(),
        );
    if let Some(profile) = &config.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_string()));
    }
    if let Some(url) = &config.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}
