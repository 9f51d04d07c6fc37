//! The editors' two inboxes: corrections and letters to the editor.

use super::*;

/// The editors' two inboxes, whose entries have a [`ReportStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbox {
    Corrections,
    Letters,
}

impl Inbox {
    fn table(self) -> &'static str {
        match self {
            Inbox::Corrections => "corrections",
            Inbox::Letters => "letters",
        }
    }
}

impl Store {
    /// Stores a validated correction for the editors; returns its id and whether it was
    /// stored before under the same idempotency key (then nothing new is stored).
    pub async fn insert_correction(&self, c: &NewCorrection) -> Result<(i64, bool), sqlx::Error> {
        let _writing = self.writing().await;
        if let Some(id) = self
            .report_by_key("corrections", c.idempotency_key.as_deref())
            .await?
        {
            return Ok((id, true));
        }
        let inserted: Option<i64> = sqlx::query_scalar(&numbered(
            "INSERT INTO corrections (uri, article_url, selection, context_before, context_after,
                                      fragment_url, category, message, email, created_at,
                                      idempotency_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        ))
        .bind(&c.uri)
        .bind(&c.article_url)
        .bind(&c.selection)
        .bind(&c.context_before)
        .bind(&c.context_after)
        .bind(&c.fragment_url)
        .bind(c.category.as_str())
        .bind(&c.message)
        .bind(&c.email)
        .bind(now_millis())
        .bind(&c.idempotency_key)
        .fetch_optional(&self.pool)
        .await?;
        self.inserted_or_raced("corrections", inserted, c.idempotency_key.as_deref())
            .await
    }

    /// The report stored under `key` in `table` (corrections or letters).
    async fn report_by_key(
        &self,
        table: &str,
        key: Option<&str>,
    ) -> Result<Option<i64>, sqlx::Error> {
        let Some(key) = key else {
            return Ok(None);
        };
        sqlx::query_scalar(&numbered(&format!(
            "SELECT id FROM {table} WHERE idempotency_key = ?"
        )))
        .bind(key)
        .fetch_optional(&self.pool)
        .await
    }

    /// The new id, or, when a concurrent request with the same key won, that one's.
    async fn inserted_or_raced(
        &self,
        table: &str,
        inserted: Option<i64>,
        key: Option<&str>,
    ) -> Result<(i64, bool), sqlx::Error> {
        match inserted {
            Some(id) => Ok((id, false)),
            None => self
                .report_by_key(table, key)
                .await?
                .map(|id| (id, true))
                .ok_or(sqlx::Error::RowNotFound),
        }
    }

    /// Corrections, newest first (at most [`ADMIN_PAGE_SIZE`]), optionally of one
    /// status, older than correction `before`.
    pub async fn corrections(
        &self,
        status: Option<ReportStatus>,
        before: Option<i64>,
    ) -> Result<Vec<Correction>, sqlx::Error> {
        let rows = self.report_page(Inbox::Corrections, status, before).await?;
        rows.iter()
            .map(|row| {
                Ok(Correction {
                    id: row.try_get("id")?,
                    report: NewCorrection {
                        uri: row.try_get("uri")?,
                        article_url: row.try_get("article_url")?,
                        selection: row.try_get("selection")?,
                        context_before: row.try_get("context_before")?,
                        context_after: row.try_get("context_after")?,
                        fragment_url: row.try_get("fragment_url")?,
                        category: CorrectionCategory::parse(&row.try_get::<String, _>("category")?)
                            .unwrap_or_default(),
                        message: row.try_get("message")?,
                        email: row.try_get("email")?,
                        pow: None,
                        homepage: None,
                        idempotency_key: None,
                    },
                    status: ReportStatus::parse(&row.try_get::<String, _>("status")?)
                        .unwrap_or_default(),
                    created_at: rfc3339_from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// One page of `inbox`'s rows, newest first (at most [`ADMIN_PAGE_SIZE`]), optionally
    /// of one status, older than entry `before`.
    async fn report_page(
        &self,
        inbox: Inbox,
        status: Option<ReportStatus>,
        before: Option<i64>,
    ) -> Result<Vec<AnyRow>, sqlx::Error> {
        let table = inbox.table();
        sqlx::query(&numbered(&format!(
            "SELECT * FROM {table} WHERE (? IS NULL OR status = ?) AND (? IS NULL OR id < ?)
              ORDER BY id DESC LIMIT {ADMIN_PAGE_SIZE}"
        )))
        .bind(status.map(ReportStatus::as_str))
        .bind(status.map(ReportStatus::as_str))
        .bind(before)
        .bind(before)
        .fetch_all(&self.pool)
        .await
    }

    /// Sets the status of a correction or letter; false when `inbox` has no such entry.
    pub async fn set_report_status(
        &self,
        inbox: Inbox,
        id: i64,
        status: ReportStatus,
    ) -> Result<bool, sqlx::Error> {
        let _writing = self.writing().await;
        let table = inbox.table();
        let updated = sqlx::query(&numbered(&format!(
            "UPDATE {table} SET status = ? WHERE id = ?"
        )))
        .bind(status.as_str())
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(updated > 0)
    }

    /// Stores a validated letter to the editor; returns its id and whether it was stored
    /// before under the same idempotency key.
    pub async fn insert_letter(&self, l: &NewLetter) -> Result<(i64, bool), sqlx::Error> {
        let _writing = self.writing().await;
        if let Some(id) = self
            .report_by_key("letters", l.idempotency_key.as_deref())
            .await?
        {
            return Ok((id, true));
        }
        let inserted: Option<i64> = sqlx::query_scalar(&numbered(
            "INSERT INTO letters (uri, article_title, article_url, name, city, email, address,
                                  phone, text, do_not_shorten, consent, created_at,
                                  idempotency_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        ))
        .bind(&l.uri)
        .bind(&l.article_title)
        .bind(&l.article_url)
        .bind(&l.name)
        .bind(&l.city)
        .bind(&l.email)
        .bind(&l.address)
        .bind(&l.phone)
        .bind(&l.text)
        .bind(i64::from(l.do_not_shorten))
        .bind(i64::from(l.consent))
        .bind(now_millis())
        .bind(&l.idempotency_key)
        .fetch_optional(&self.pool)
        .await?;
        self.inserted_or_raced("letters", inserted, l.idempotency_key.as_deref())
            .await
    }

    /// Letters, newest first (at most [`ADMIN_PAGE_SIZE`]), optionally of one status,
    /// older than letter `before`.
    pub async fn letters(
        &self,
        status: Option<ReportStatus>,
        before: Option<i64>,
    ) -> Result<Vec<Letter>, sqlx::Error> {
        let rows = self.report_page(Inbox::Letters, status, before).await?;
        rows.iter()
            .map(|row| {
                Ok(Letter {
                    id: row.try_get("id")?,
                    letter: NewLetter {
                        uri: row.try_get("uri")?,
                        article_title: row.try_get("article_title")?,
                        article_url: row.try_get("article_url")?,
                        name: row.try_get("name")?,
                        city: row.try_get("city")?,
                        email: row.try_get("email")?,
                        address: row.try_get("address")?,
                        phone: row.try_get("phone")?,
                        text: row.try_get("text")?,
                        do_not_shorten: row.try_get::<i64, _>("do_not_shorten")? != 0,
                        consent: row.try_get::<i64, _>("consent")? != 0,
                        pow: None,
                        homepage: None,
                        idempotency_key: None,
                    },
                    status: ReportStatus::parse(&row.try_get::<String, _>("status")?)
                        .unwrap_or_default(),
                    created_at: rfc3339_from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }
}
