//! Client-side pacing: one token bucket per quota bucket of a region ([`plan::Bucket`]), so a
//! large account is paced under Lambda's and CloudWatch's request quotas instead of being
//! throttled into the SDK's retries. Every call waits for its bucket just before it is sent
//! (each page of a paginated call too).

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::plan::{Bucket, Quotas};

/// The buckets of one region (quotas are per account and region).
#[derive(Clone)]
pub(crate) struct Pacer {
    limiters: Arc<Vec<(Bucket, DefaultDirectRateLimiter)>>,
}

impl Pacer {
    /// `quotas` requests per second per bucket, evenly spaced: no burst, so no second of the
    /// collection sends more than the quota whatever the bucket held before.
    pub(crate) fn new(quotas: &Quotas) -> Pacer {
        let limiters = Bucket::ALL
            .iter()
            .map(|&bucket| {
                let rate = NonZeroU32::new(quotas.per_second(bucket)).unwrap_or(NonZeroU32::MIN);
                let quota = Quota::per_second(rate).allow_burst(NonZeroU32::MIN);
                (bucket, RateLimiter::direct(quota))
            })
            .collect();
        Pacer {
            limiters: Arc::new(limiters),
        }
    }

    /// Waits until `bucket` may send one more request.
    pub(crate) async fn wait(&self, bucket: Bucket) {
        if let Some((_, limiter)) = self.limiters.iter().find(|(b, _)| *b == bucket) {
            limiter.until_ready().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 11 requests at 20 per second, no burst: the 11th goes out 0.5 s after the first.
    #[tokio::test]
    async fn requests_are_spaced_at_the_quota() {
        let pacer = Pacer::new(&Quotas {
            lambda_get_policy: 20,
            ..Quotas::default()
        });
        let started = std::time::Instant::now();
        for _ in 0..11 {
            pacer.wait(Bucket::LambdaGetPolicy).await;
        }
        let took = started.elapsed().as_secs_f64();
        assert!((0.45..1.0).contains(&took), "{took} s");
        // Another bucket is not held up by this one.
        let started = std::time::Instant::now();
        pacer.wait(Bucket::LambdaGetFunction).await;
        assert!(started.elapsed().as_secs_f64() < 0.05);
    }
}
