//! `readerbox-server`: parses the configuration, opens the database, serves until
//! Ctrl-C or SIGTERM, then finishes in-flight requests and exits.

use readerbox_server::bundle;
use readerbox_server::config::{Config, Task};
use readerbox_server::database::DatabaseLocation;
use readerbox_server::import;
use readerbox_server::store::backup::restore;
use readerbox_server::store::Store;
use readerbox_server::{serve, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            EnvFilter::try_from_env("READERBOX_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn")),
        )
        .init();
    let config = match Config::load() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("readerbox-server: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if config.hash_password {
        let mut password = String::new();
        if std::io::stdin().read_line(&mut password).is_err() || password.trim().is_empty() {
            eprintln!("readerbox-server: give the password on standard input");
            return std::process::ExitCode::FAILURE;
        }
        println!(
            "{}",
            readerbox_server::http::admin::hash_password(password.trim_end_matches(['\r', '\n']))
        );
        return std::process::ExitCode::SUCCESS;
    }
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("readerbox-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(mut config: Config) -> Result<(), Box<dyn std::error::Error>> {
    // A release binary serves the files it carries, unpacked for as long as it runs.
    let _unpacked = match &config.static_dir {
        None if bundle::CARRIED => {
            let unpacked = bundle::unpack()
                .map_err(|err| format!("cannot unpack the widget's files: {err}"))?;
            config.static_dir = Some(unpacked.path().to_owned());
            Some(unpacked)
        }
        _ => None,
    };
    match &config.task {
        Some(Task::Backup { file }) => {
            let store = Store::open(&config.database).await?;
            let done = store.backup_into(file).await;
            store.close().await;
            done?;
            eprintln!("readerbox-server: backed up to {}", file.display());
            return Ok(());
        }
        Some(Task::Restore { file }) => {
            restore(file, &config.database).await?;
            eprintln!(
                "readerbox-server: restored {} to {}",
                file.display(),
                config.database
            );
            return Ok(());
        }
        None => {}
    }
    if let Some((source, path)) = import_source(&config) {
        // The source is read (and refused, if it is not what it should be) before the
        // database is opened: a failed import leaves no new, empty database behind.
        let uri_map = match &config.uri_map {
            Some(map) => import::read_uri_map(map)?,
            None => Default::default(),
        };
        let read = import::read(source, path, &uri_map).await?;
        if config.dry_run {
            if let DatabaseLocation::Sqlite(database) = &config.database {
                if !database.exists() {
                    // Nothing imported before: all of it would be; no database made.
                    print!("{}", import::Report::into_new(read));
                    return Ok(());
                }
            }
        }
        let state = AppState::from_config(&config).await?;
        let report = import::store(&state.store, read, config.dry_run).await;
        // Closed, so that the SQLite file alone holds the import (no -wal left over).
        state.store.close().await;
        print!("{}", report?);
        return Ok(());
    }
    let state = AppState::from_config(&config).await?;
    if let Some(path) = &config.export {
        let export = state.store.export().await?;
        std::fs::write(path, serde_json::to_vec_pretty(&export)?)?;
        eprintln!("readerbox-server: exported to {}", path.display());
        return Ok(());
    }
    if let Some(path) = &config.import {
        let export: serde_json::Value = serde_json::from_slice(&std::fs::read(path)?)?;
        state.store.import(&export).await?;
        state.store.close().await;
        eprintln!("readerbox-server: imported {}", path.display());
        return Ok(());
    }
    let store = state.store.clone();
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", config.bind))?;
    let address = listener.local_addr()?;
    tracing::info!(database = %config.database, static_dir = ?config.static_dir, "starting");
    println!("readerbox läuft: http://{address}/  (Beenden mit Strg-C)");
    if let Some(metrics_bind) = config.metrics_bind {
        let metrics = tokio::net::TcpListener::bind(metrics_bind)
            .await
            .map_err(|err| format!("cannot listen on {metrics_bind} (--metrics-bind): {err}"))?;
        let app = readerbox_server::metrics::own_address_app(state.clone());
        tokio::spawn(async move {
            if let Err(err) = axum::serve(metrics, app).await {
                tracing::error!(error = %err, "the metrics address stopped");
            }
        });
        tracing::info!(address = %metrics_bind, "metrics at /metrics");
    }
    serve(listener, state, shutdown_signal()).await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The import the configuration asks for, if any.
fn import_source(config: &Config) -> Option<(import::Source, &std::path::Path)> {
    [
        (import::Source::Isso, &config.import_isso),
        (import::Source::Disqus, &config.import_disqus),
        (import::Source::WordPress, &config.import_wordpress),
    ]
    .into_iter()
    .find_map(|(source, path)| Some((source, path.as_deref()?)))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
