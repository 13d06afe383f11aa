//! The `kbsim` command line.

fn main() {
    println!("kbsim");
}
