//! SDK clients per region, from the default chain / profile / assumed role and the endpoint URL.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_lambda::config::retry::{ClassifyRetry, RetryAction};
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::RetryClassifierPriority;

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
    /// The clients of `config`'s region; an endpoint that lacks an operation is not retried
    /// ([`NotImplemented`]).
    pub fn from_sdk_config(config: &SdkConfig) -> RegionClients {
        RegionClients {
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            lambda: aws_sdk_lambda::Client::from_conf(
                aws_sdk_lambda::config::Builder::from(config)
                    .retry_classifier(NotImplemented)
                    .build(),
            ),
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
                aws_sdk_cloudwatch::config::Builder::from(config)
                    .retry_classifier(NotImplemented)
                    .build(),
            ),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(
                aws_sdk_cloudwatchlogs::config::Builder::from(config)
                    .retry_classifier(NotImplemented)
                    .build(),
            ),
        }
    }
}

/// Forbids retrying an answer that says the endpoint does not implement the operation: HTTP
/// 501, or a 500 that is an HTML page rather than an AWS error (what moto sends for an operation
/// it lacks, e.g. GetCostAndUsageWithResources). Retrying those only waits out the backoff five
/// times. Runs after the SDK's own classifiers, so it overrides their "5xx: retry"; throttling,
/// 502–504, AWS's own 500 errors (JSON or XML) and resets are still retried.
#[derive(Debug)]
pub struct NotImplemented;

impl NotImplemented {
    /// True for a (status, content type) that means "not implemented here".
    pub fn says_not_implemented(status: u16, content_type: Option<&str>) -> bool {
        let html = content_type.is_some_and(|t| t.trim_start().starts_with("text/html"));
        status == 501 || (status == 500 && html)
    }
}

impl ClassifyRetry for NotImplemented {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response() {
            Some(response)
                if NotImplemented::says_not_implemented(
                    response.status().as_u16(),
                    response.headers().get("content-type"),
                ) =>
            {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "Not implemented by the endpoint"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
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
    let cost_explorer = aws_sdk_costexplorer::Client::from_conf(
        aws_sdk_costexplorer::config::Builder::from(&with_credentials(
            load(config, Some(COST_EXPLORER_REGION)).await,
            &credentials,
        ))
        .retry_classifier(NotImplemented)
        .build(),
    );
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

#[cfg(test)]
mod tests {
    use super::NotImplemented;

    #[test]
    fn what_counts_as_not_implemented() {
        assert!(NotImplemented::says_not_implemented(501, None));
        assert!(NotImplemented::says_not_implemented(
            500,
            Some("text/html; charset=utf-8")
        ));
        // AWS's own errors, gateways and throttling stay retryable.
        assert!(!NotImplemented::says_not_implemented(
            500,
            Some("application/x-amz-json-1.1")
        ));
        assert!(!NotImplemented::says_not_implemented(
            503,
            Some("text/html")
        ));
        assert!(!NotImplemented::says_not_implemented(
            503,
            Some("text/plain")
        ));
        assert!(!NotImplemented::says_not_implemented(429, None));
    }
}
