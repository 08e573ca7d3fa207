//! The suite's groups as the members of generated crates ([`crate::harness::generate_shards`]
//! packs, generates and moves them apart; building them and reading the cases is the harness's
//! too).

use super::*;

/// The groups of a run, one namespace each.
pub(super) struct Groups<'a>(pub &'a [Group]);

impl Members for Groups<'_> {
    fn namespace(&self, member: usize) -> &str {
        &self.0[member].ns
    }

    fn label(&self, member: usize) -> String {
        self.0[member].id()
    }

    fn crate_name(&self, first: usize, index: usize) -> String {
        format!("conformance-{}-{index}", DRAFTS[self.0[first].draft].short)
    }

    fn write_root(&self, root: &Path, members: &[usize]) -> Result<(), String> {
        write_root(
            root,
            &members.iter().map(|&g| &self.0[g]).collect::<Vec<_>>(),
        )
    }
}
