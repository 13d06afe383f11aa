//! Robustness of `--fault` specs and paths.

use super::*;

fn fault_spec() -> impl Strategy<Value = String> {
    let ids: Vec<&'static str> = faults::catalog().map(|e| e.name).collect();
    let id = prop_oneof![
        3 => prop::sample::select(ids),
        1 => Just("nosuch"),
        1 => Just(""),
    ];
    let variant = prop_oneof![
        Just(String::new()),
        Just(":".to_string()),
        Just(":container-only".to_string()),
        Just(":default".to_string()),
        "[:][ -~é]{0,8}",
    ];
    let age = prop_oneof![
        Just(String::new()),
        Just("@".to_string()),
        Just("@48h".to_string()),
        Just("@99999999999999999999d".to_string()),
        Just("@18446744073709551615s".to_string()),
        Just("@3é".to_string()),
        "@[0-9]{0,21}[smhdé€x]?",
    ];
    prop_oneof![
        4 => (id, variant, age).prop_map(|(i, v, a)| format!("{i}{v}{a}")),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// always: a `--fault` spec gives a catalog fault or an error naming `--fault` and the
    /// valid faults.
    #[test]
    fn always_a_fault_spec_parses_or_names_the_valid_faults(spec in fault_spec()) {
        match faults::parse(&spec) {
            Ok(f) => prop_assert!(f.id().entry().forms.contains(&f.form)),
            Err(e) => {
                prop_assert_eq!(&e.file, "--fault");
                prop_assert!(e.message.contains("valid faults: "), "{}", e);
            }
        }
    }

    /// always: any text normalizes to a drive path without `.` or `..` segments, or fails.
    #[test]
    fn always_a_normalized_path_is_a_clean_drive_path(
        path in prop_oneof![
            any::<String>(),
            "([a-zA-Z]:)?([\\\\/]|\\.\\.|\\.|[a-z ]{1,3}|[:*?<>|\"]|é){0,10}",
        ],
        cwd in prop_oneof![
            Just("C:\\Windows\\system32".to_string()),
            Just("D:\\".to_string()),
            any::<String>(),
            "[a-zA-Z]:([\\\\/]|\\.\\.|[a-z]{1,3}){0,6}",
        ],
    ) {
        if let Ok(p) = normalize(&path, &cwd) {
            let mut chars = p.chars();
            prop_assert!(chars.next().is_some_and(|c| c.is_ascii_uppercase()), "{}", p);
            prop_assert!(p[1..].starts_with(":\\"), "{}", p);
            prop_assert!(p[3..].split('\\').all(|s| s != "." && s != ".." && (p.len() == 3 || !s.is_empty())), "{}", p);
        }
    }
}
