//! Settings: key/value text in the `settings` table (migration 1). The dashboard's saved
//! assumptions and price overrides live here as JSON.

use r2d2_sqlite::rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};

impl Store {
    /// The value of setting `key`, `None` when it was never set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let connection = self.pool.get()?;
        Ok(connection
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Sets (`Some`) or removes (`None`) several settings in one transaction: all or none.
    pub fn set_settings(&self, settings: &[(&str, Option<&str>)]) -> Result<(), StoreError> {
        let mut connection = self.pool.get()?;
        let transaction = connection.transaction()?;
        for (key, value) in settings {
            match value {
                Some(value) => transaction.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?,
                None => transaction.execute("DELETE FROM settings WHERE key = ?1", [key])?,
            };
        }
        transaction.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_set_replaced_removed_and_kept_across_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("berth.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.setting("assumptions").unwrap(), None);
        store
            .set_settings(&[("assumptions", Some("{\"min_tasks\":1}")), ("b", Some("x"))])
            .unwrap();
        store.set_settings(&[("b", Some("y"))]).unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.setting("assumptions").unwrap().as_deref(),
            Some("{\"min_tasks\":1}")
        );
        assert_eq!(store.setting("b").unwrap().as_deref(), Some("y"));
        store.set_settings(&[("b", None)]).unwrap();
        assert_eq!(store.setting("b").unwrap(), None);
    }
}
