//! DOM calls that take strings already on the JS side. Every `&str` handed to a web-sys
//! method is decoded from UTF-8 into a new JS string in the glue; in a thread of a
//! thousand comments the same attribute names, avatars and relative times would cross
//! thousands of times. These take a [`JsValue`] made once instead.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// Any element, seen only through the calls below.
    type AnyElement;

    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute_js(this: &AnyElement, name: &JsValue, value: &JsValue);

    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute_named(this: &AnyElement, name: &JsValue, value: &str);

    #[wasm_bindgen(method, setter = textContent)]
    fn set_text_js(this: &AnyElement, text: &JsValue);
}

/// The calls above on web-sys elements.
pub trait ElementExt {
    /// `setAttribute(name, value)`, both already JS strings.
    fn set_attribute_js(&self, name: &JsValue, value: &JsValue);
    /// `setAttribute(name, value)`, the name already a JS string.
    fn set_attribute_named(&self, name: &JsValue, value: &str);
    /// `textContent = text`, a JS string.
    fn set_text_js(&self, text: &JsValue);
}

impl ElementExt for web_sys::Element {
    fn set_attribute_js(&self, name: &JsValue, value: &JsValue) {
        self.unchecked_ref::<AnyElement>()
            .set_attribute_js(name, value);
    }

    fn set_attribute_named(&self, name: &JsValue, value: &str) {
        self.unchecked_ref::<AnyElement>()
            .set_attribute_named(name, value);
    }

    fn set_text_js(&self, text: &JsValue) {
        self.unchecked_ref::<AnyElement>().set_text_js(text);
    }
}

/// Attribute names a comment sets, as JS strings made once per list.
pub struct Names {
    pub data_id: JsValue,
    pub href: JsValue,
    pub title: JsValue,
    pub data_full: JsValue,
    pub datetime: JsValue,
    pub fill: JsValue,
    pub d: JsValue,
}

impl Default for Names {
    fn default() -> Self {
        Self {
            data_id: "data-id".into(),
            href: "href".into(),
            title: "title".into(),
            data_full: "data-full".into(),
            datetime: "datetime".into(),
            fill: "fill".into(),
            d: "d".into(),
        }
    }
}
