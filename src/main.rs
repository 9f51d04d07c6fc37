//! Trunk's entry point: mount the widget into the host elements of the page.

fn main() {
    readerbox::start();
}
