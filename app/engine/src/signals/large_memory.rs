//! Large memory / GPU: configured and max-used memory; a GPU tag. Leans to containers at
//! ≥ 3,008 MB, or when tagged as needing a GPU (Lambda has none).

use super::{ramp, Signal, SignalKind};
use crate::cost::containers::FunctionModel;
use crate::text::Num;

pub fn measure(model: &FunctionModel) -> Signal {
    let a = model.assumptions;
    let function = model.function;
    let memory = function.memory_mb as f64;
    let needle = a.gpu_tag.to_lowercase();
    let gpu_tag = (!needle.is_empty())
        .then(|| {
            function.tags.iter().find(|(k, v)| {
                k.to_lowercase().contains(&needle) || v.to_lowercase().contains(&needle)
            })
        })
        .flatten();
    let t = a.large_memory_mb;
    let mut strength = ramp(memory, &[(1024.0, 0.0), (t, 0.5), (10_240.0, 1.0)]);
    if gpu_tag.is_some() {
        strength = 1.0;
    }
    let used = match model.max_memory_used_mb.filter(|_| model.explain) {
        Some(used) => format!(", max used {used:.0} MB", used = Num(used)),
        None => ", memory used not collected".into(),
    };
    let gpu = match gpu_tag.filter(|_| model.explain) {
        Some((k, v)) => format!("tagged {k}={v}: needs a GPU, which Lambda does not offer"),
        None => "no GPU tag".into(),
    };
    Signal {
        kind: SignalKind::LargeMemory,
        value: Some(memory),
        threshold: t,
        unit: "MB".into(),
        strength,
        fired: memory >= t || gpu_tag.is_some(),
        evidence: if model.explain {
            format!(
                "Configured {memory:.0} MB (threshold {t:.0} MB){used}; {gpu}.",
                memory = Num(memory),
                t = Num(t)
            )
        } else {
            String::new()
        },
    }
}
