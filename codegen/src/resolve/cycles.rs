//! **Cycles**: shapes that contain themselves.
//!
//! Takes: the converted shapes. Gives: the same shapes with
//! - named arrays and maps that contain themselves turned from type aliases (which cannot be
//!   recursive) into wrapper newtypes, and an error for a cycle of plain aliases that never says
//!   what its value is ([`Resolver::break_recursive_aliases`]);
//! - the members of structs that contain each other by value marked for a `Box`
//!   ([`mark_boxes`]: strongly connected components, Tarjan's algorithm, iterative so deep
//!   schemas cannot overflow the stack).

use std::collections::HashSet;

use super::Resolver;
use super::collector::Collector;
use crate::ir::{Ir, Origin, ShapeId, ShapeKind, TypeRef};

impl<'c> Resolver<'c> {
    /// Named arrays and maps that contain themselves cannot be type aliases (Rust aliases cannot
    /// be recursive): they become wrapper newtypes. A cycle of plain aliases is an error.
    ///
    /// Arrays and maps are looked at first, so that in `A = map of B`, `B = A` the wrapper is
    /// `A` (the shape that is a container) and `B` stays an alias of it.
    pub(super) fn break_recursive_aliases(&self, ir: &mut Ir, cx: &mut Collector) {
        let containers_first = (0..ir.shapes.len())
            .filter(|&i| {
                matches!(
                    &ir.shapes[i].kind,
                    ShapeKind::Alias(TypeRef::List(_) | TypeRef::Map(_))
                )
            })
            .chain((0..ir.shapes.len()).filter(|&i| {
                !matches!(
                    &ir.shapes[i].kind,
                    ShapeKind::Alias(TypeRef::List(_) | TypeRef::Map(_))
                )
            }))
            .collect::<Vec<_>>();
        for i in containers_first {
            let ShapeKind::Alias(target) = &ir.shapes[i].kind else {
                continue;
            };
            let mut visited = HashSet::new();
            match reaches(ir, ShapeId(i), target, &mut visited) {
                None => {}
                Some(true) => {
                    let kind = &mut ir.shapes[i].kind;
                    if let ShapeKind::Alias(t) = kind {
                        let t = std::mem::replace(t, TypeRef::Any);
                        *kind = ShapeKind::Wrapper(t);
                    }
                }
                Some(false) => {
                    let shape = &ir.shapes[i];
                    let name = match &shape.origin {
                        Origin::Document(n) | Origin::Definition(n) => n.as_str(),
                        Origin::Inline { .. } => "this inline schema",
                    };
                    let has_ref = self.node(&shape.loc).is_ok_and(|n| n.get("$ref").is_some());
                    let at = if has_ref {
                        shape.loc.child("$ref")
                    } else {
                        shape.loc.clone()
                    };
                    cx.error(self.error(
                        &at,
                        format!(
                            "`{name}` is defined only as a reference that leads back to itself; it \
                             never says what its value is"
                        ),
                    ).with_kind("reference cycle"));
                }
            }
        }
    }
}

/// Whether following `ty` through aliases comes back to `start`: `Some(through_container)`.
/// Iterative, so a chain of thousands of aliases cannot overflow the stack.
fn reaches(ir: &Ir, start: ShapeId, ty: &TypeRef, visited: &mut HashSet<ShapeId>) -> Option<bool> {
    let mut ty = ty;
    let mut through_container = false;
    loop {
        match ty {
            TypeRef::Named(id) if *id == start => return Some(through_container),
            TypeRef::Named(id) => {
                if !visited.insert(*id) {
                    return None;
                }
                match &ir.shape(*id).kind {
                    ShapeKind::Alias(t) => ty = t,
                    _ => return None,
                }
            }
            TypeRef::List(t) | TypeRef::Map(t) => {
                through_container = true;
                ty = t;
            }
            TypeRef::Nullable(t) | TypeRef::Loose(t, _) => ty = t,
            TypeRef::Primitive(_) | TypeRef::Any => return None,
        }
    }
}

/// Marks the members that must be boxed: those whose struct type contains, by value (not through
/// a list or map), the struct the member is in (strongly connected components of the
/// "contains by value" graph, Tarjan's algorithm, iterative so deep schemas cannot overflow).
pub(super) fn mark_boxes(ir: &mut Ir) {
    let n = ir.shapes.len();
    let by_value = |ir: &Ir, ty: &TypeRef| -> Option<ShapeId> {
        let mut ty = ty;
        let mut hops = 0;
        loop {
            match ty {
                TypeRef::Nullable(t) | TypeRef::Loose(t, _) => ty = t,
                TypeRef::Named(id) => match &ir.shape(*id).kind {
                    ShapeKind::Struct(_) | ShapeKind::Union(_) => return Some(*id),
                    ShapeKind::Alias(t) if hops < n => {
                        ty = t;
                        hops += 1;
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
    };
    // A union holds its alternatives by value too: its variants are edges like members.
    let edges: Vec<Vec<ShapeId>> = (0..n)
        .map(|i| match &ir.shapes[i].kind {
            ShapeKind::Struct(s) => s
                .members
                .iter()
                .filter_map(|m| by_value(ir, &m.ty))
                .collect(),
            ShapeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| by_value(ir, &v.ty))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let scc = tarjan(&edges);
    for i in 0..n {
        let targets: Vec<Option<ShapeId>> = match &ir.shapes[i].kind {
            ShapeKind::Struct(s) => s.members.iter().map(|m| by_value(ir, &m.ty)).collect(),
            ShapeKind::Union(u) => u.variants.iter().map(|v| by_value(ir, &v.ty)).collect(),
            _ => continue,
        };
        let in_cycle = |t: Option<ShapeId>| t.is_some_and(|t| scc[t.0] == scc[i]);
        match &mut ir.shapes[i].kind {
            ShapeKind::Struct(s) => {
                for (m, t) in s.members.iter_mut().zip(targets) {
                    m.boxed = in_cycle(t);
                }
            }
            ShapeKind::Union(u) => {
                for (v, t) in u.variants.iter_mut().zip(targets) {
                    v.boxed = in_cycle(t);
                }
            }
            _ => {}
        }
    }
}

/// Strongly connected component index of every node.
pub(super) fn tarjan(edges: &[Vec<ShapeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if let Some(w) = edges[v].get(*e).map(|w| w.0) {
                *e += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles() {
        let edges = vec![
            vec![ShapeId(1)],
            vec![ShapeId(0)],
            vec![ShapeId(2)],
            vec![ShapeId(0)],
        ];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[3], c[0]);
    }
}
