//! The DOM calls the comment list makes per comment (a thousand comments: some thirty
//! thousand calls), bound without wasm-bindgen's `catch`.
//!
//! web-sys declares `setAttribute`, `appendChild`, `insertBefore`, `cloneNode` and
//! `createElement` as throwing, so each call goes through the glue's `handleError`
//! wrapper (a `try`, an `arguments` object, an `apply`). For the list's own calls they
//! cannot throw: names are our constants, the trees are ours, nothing is in the wrong
//! document. (`cargo xtask bench-compare`: a few per cent less script for 1000 comments.)
//!
//! Invariant: only for calls that cannot throw with the arguments given. A call that
//! could (a name or a node from outside) goes through web-sys and handles the error.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

#[wasm_bindgen]
extern "C" {
    /// A node seen through the bindings below (any `Node`, no `instanceof` check).
    type Unchecked;

    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Unchecked, name: &str, value: &str);

    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_child(this: &Unchecked, child: &Node);

    #[wasm_bindgen(method, js_name = insertBefore)]
    fn insert_before(this: &Unchecked, child: &Node, reference: Option<&Node>);

    #[wasm_bindgen(method, js_name = cloneNode)]
    fn clone_node(this: &Unchecked, deep: bool) -> Element;

    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Unchecked, tag: &str) -> Element;
}

/// The non-throwing calls, on any node (elements and documents through `Deref`).
pub trait QuickDom {
    /// `setAttribute` with our own, valid attribute name.
    fn put_attribute(&self, name: &str, value: &str);
    /// `appendChild` of a node we made and that is not an ancestor.
    fn add_child(&self, child: &Node);
    /// `insertBefore`; `reference` is a child of `self` or `None` (append).
    fn put_before(&self, child: &Node, reference: Option<&Node>);
    /// A deep copy of an element (a prototype).
    fn deep_copy(&self) -> Element;
}

impl QuickDom for Node {
    fn put_attribute(&self, name: &str, value: &str) {
        self.unchecked_ref::<Unchecked>().set_attribute(name, value);
    }

    fn add_child(&self, child: &Node) {
        self.unchecked_ref::<Unchecked>().append_child(child);
    }

    fn put_before(&self, child: &Node, reference: Option<&Node>) {
        self.unchecked_ref::<Unchecked>()
            .insert_before(child, reference);
    }

    fn deep_copy(&self) -> Element {
        self.unchecked_ref::<Unchecked>().clone_node(true)
    }
}

/// `createElement` with one of our own tag names.
pub fn new_element(document: &Document, tag: &str) -> Element {
    document.unchecked_ref::<Unchecked>().create_element(tag)
}
