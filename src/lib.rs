//! kbsim: the knowledge base over the simulated Windows host (`winsim`), and the CLI's parts.
