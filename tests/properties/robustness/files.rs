//! Robustness of a fixture's `files/` folder: any name Linux can hold, links and FIFOs.

use super::*;
use winsim::fixture;

const HOST_TOML: &str =
    "[host]\nname = \"RDS01\"\nos = \"2019\"\ntime = \"2026-11-20T10:00:00Z\"\n";

/// What one entry of `files/C/Data` is.
#[derive(Debug, Clone)]
enum Entry {
    File(Vec<u8>),
    Folder,
    /// A link to the fixture's own host.toml, to `/` or to `/dev/zero`.
    #[cfg(unix)]
    Link(u8),
    #[cfg(unix)]
    Fifo,
}

fn entry() -> impl Strategy<Value = Entry> {
    let plain = prop_oneof![
        4 => prop::collection::vec(any::<u8>(), 0..8).prop_map(Entry::File),
        1 => Just(Entry::Folder),
    ];
    #[cfg(unix)]
    let plain = prop_oneof![
        6 => plain,
        1 => (0u8..3).prop_map(Entry::Link),
        1 => Just(Entry::Fifo),
    ];
    plain
}

/// A name Linux can hold: any bytes but `/` and NUL (and not `.` or `..`).
fn linux_name() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(1u8..=255, 1..12),
        "[a-zA-Z0-9 ._<>:\"|?*\\\\-]{1,12}".prop_map(String::into_bytes),
        prop::sample::select(vec!["CON", "nul.txt", "a.", "a ", "A.txt", "a.txt", "é"])
            .prop_map(|s| s.as_bytes().to_vec()),
    ]
    .prop_map(|mut n| {
        n.retain(|&b| b != b'/');
        n
    })
    .prop_filter("a name", |n| !n.is_empty() && n != b"." && n != b"..")
}

fn make(dir: &Path, name: &[u8], e: &Entry) -> std::io::Result<()> {
    #[cfg(unix)]
    let p = dir.join(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name));
    #[cfg(not(unix))]
    let p = dir.join(String::from_utf8_lossy(name).as_ref());
    if std::fs::symlink_metadata(&p).is_ok() {
        // A name given twice: writing to an earlier FIFO would wait for a reader.
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    match e {
        Entry::File(data) => std::fs::write(&p, data),
        Entry::Folder => std::fs::create_dir(&p),
        #[cfg(unix)]
        Entry::Link(to) => {
            let target = match to {
                0 => dir.join("../../../host.toml"),
                1 => PathBuf::from("/"),
                _ => PathBuf::from("/dev/zero"),
            };
            std::os::unix::fs::symlink(target, &p)
        }
        #[cfg(unix)]
        Entry::Fifo => {
            let ok = std::process::Command::new("mkfifo")
                .arg(&p)
                .status()?
                .success();
            if ok {
                Ok(())
            } else {
                Err(std::io::Error::other("mkfifo"))
            }
        }
    }
}

static CASE: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(config(64))]

    /// always: a `files/` folder of any names, links and FIFOs loads or fails with an error
    /// naming a path under `files/`, never panics, never blocks, and never reads through a
    /// link (nothing outside the fixture shows on the host).
    #[test]
    fn always_the_files_loader_returns_and_stays_inside(
        entries in prop::collection::vec((linux_name(), entry()), 1..5),
    ) {
        let n = CASE.fetch_add(1, Ordering::Relaxed);
        let fx = std::env::temp_dir().join(format!("kbsim-files-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fx);
        let data = fx.join("files/C/Data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(fx.join("host.toml"), HOST_TOML).unwrap();
        // Links and FIFOs actually made (a name the disk refuses makes nothing).
        let mut special = 0;
        for (name, e) in &entries {
            let plain = matches!(e, Entry::File(_) | Entry::Folder);
            if make(&data, name, e).is_ok() && !plain {
                special += 1;
            }
        }
        let loaded = fixture::load(&fx);
        let _ = std::fs::remove_dir_all(&fx);
        match loaded {
            Ok(host) => {
                prop_assert_eq!(special, 0, "a link or a FIFO loaded");
                for n in host.fs().iter() {
                    if let winsim::fs::NodeKind::File(bytes) = &n.kind {
                        prop_assert!(!bytes.starts_with(b"[host]"), "{} was read through a link", n.path);
                    }
                }
            }
            Err(e) => prop_assert!(e.file.contains("files"), "{}", e),
        }
    }
}
