//! A throwaway PostgreSQL cluster for the test command: Debian's server (installed with
//! apt-get when missing and we are root), a fresh data folder in the temp dir, listening
//! on a free loopback port only, fsync off (nothing in it outlives the run), stopped and
//! deleted when the [`TestCluster`] is dropped.

use crate::steps::run;
use crate::tools::{apt_install, is_root};
use std::path::PathBuf;
use std::process::Command;

pub struct TestCluster {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    /// A URL whose user may create databases (what `READERBOX_TEST_POSTGRES` wants).
    pub url: String,
}

/// Debian's server binaries (`/usr/lib/postgresql/<version>/bin`), newest version first.
fn server_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

pub fn ensure_server() -> Result<PathBuf, String> {
    if let Some(bin) = server_bin_dir() {
        return Ok(bin);
    }
    if is_root() {
        // The package would create and start a cluster of its own; the tests make theirs.
        std::fs::create_dir_all("/etc/postgresql-common").map_err(|err| err.to_string())?;
        std::fs::write(
            "/etc/postgresql-common/createcluster.conf",
            "create_main_cluster = false\n",
        )
        .map_err(|err| err.to_string())?;
    }
    apt_install(
        &["postgresql"],
        "PostgreSQL is needed for the second run of the storage and API tests.",
    )?;
    server_bin_dir().ok_or_else(|| "apt-get installed no PostgreSQL server".to_owned())
}

fn free_loopback_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|err| err.to_string())?;
    Ok(listener.local_addr().map_err(|err| err.to_string())?.port())
}

impl TestCluster {
    pub fn start() -> Result<Self, String> {
        let bin = ensure_server()?;
        // PostgreSQL refuses to run as root: then the cluster belongs to `postgres`.
        let as_postgres = is_root();
        let data = std::env::temp_dir().join(format!("readerbox-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|err| err.to_string())?;
        if as_postgres {
            run(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&data))?;
        }
        let port = free_loopback_port()?;
        let cluster = Self {
            url: format!("postgres://readerbox@127.0.0.1:{port}/postgres"),
            bin,
            data,
            as_postgres,
        };
        println!("==> Starting a throwaway PostgreSQL on 127.0.0.1:{port} …");
        run(cluster
            .command("initdb")
            .arg("-D")
            .arg(cluster.data.join("db"))
            .args(["-U", "readerbox", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .args(["--locale=C.UTF-8"]))?;
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            cluster.data.display()
        );
        run(cluster
            .command("pg_ctl")
            .arg("-D")
            .arg(cluster.data.join("db"))
            .args(["-o", &options, "-l"])
            .arg(cluster.data.join("server.log"))
            .args(["-w", "-t", "60", "start"]))?;
        Ok(cluster)
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data.join("db"))
            .args(["-m", "immediate", "-w", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
