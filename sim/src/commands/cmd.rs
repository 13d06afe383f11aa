//! `cmd.exe` as a program: `cmd /c command` and `cmd /k command` run the cmd interpreter in
//! a new process (a copy of the caller's: its variables and folder changes stay there).

use crate::host::Host;
use crate::process::{Output, Process};

/// Runs `cmd` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    crate::shell::cmd::control::cmd_exe(host, process, args)
}

#[cfg(test)]
mod tests {
    use crate::host::Host;
    use crate::process::{Process, programs};

    #[test]
    fn another_shell_runs_cmd_c_as_a_program() {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        let cmd = programs::lookup("cmd.exe").unwrap();
        let args = [
            "/c".to_string(),
            "set X=1& echo %X% & exit /b 3".to_string(),
        ];
        let out = cmd(&mut host, &mut p, &args);
        // The line is expanded before `set` runs, as in cmd.
        assert_eq!(out.stdout(), "%X% \n");
        assert_eq!(out.code, 3);
        assert!(
            p.env.get("X").is_none(),
            "a new cmd.exe gets a copy of the environment"
        );
        let out = cmd(&mut host, &mut p, &["/c".to_string(), "ver".to_string()]);
        assert!(
            out.stdout()
                .contains("Microsoft Windows [Version 10.0.17763")
        );
    }
}
