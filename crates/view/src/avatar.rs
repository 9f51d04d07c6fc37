//! A small identicon drawn locally from the server's opaque author hash: a symmetric 5×5
//! pattern in one hue. No image is fetched from anywhere (no Gravatar).

/// The cells (column, row) to fill, mirrored around the middle column, and a hue.
pub fn pattern(hash: &str) -> (Vec<(u8, u8)>, u16) {
    let bits = u64::from_str_radix(hash.get(..16).unwrap_or(hash), 16).unwrap_or(0);
    let hue = (bits >> 48) as u16 % 360;
    let mut cells = Vec::new();
    for row in 0..5u8 {
        for column in 0..3u8 {
            if bits >> (row * 3 + column) & 1 == 1 {
                cells.push((column, row));
                if column < 2 {
                    cells.push((4 - column, row));
                }
            }
        }
    }
    (cells, hue)
}

/// The filled cells as one SVG path: one element per avatar instead of up to 25, which
/// matters in a thread of a thousand comments.
pub fn path_data(cells: &[(u8, u8)]) -> String {
    cells
        .iter()
        .map(|(x, y)| format!("M{x} {y}h1v1h-1z"))
        .collect()
}

/// The SVG path and fill colour of the identicon for `hash`.
pub fn identicon(hash: &str) -> (String, String) {
    let (cells, hue) = pattern(hash);
    (path_data(&cells), format!("hsl({hue} 55% 42%)"))
}
