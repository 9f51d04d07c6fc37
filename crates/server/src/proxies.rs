//! Who is asking, behind a reverse proxy or CDN: the client's address (for the per-client
//! rate limits) and the origin readers see (for the same-origin check of editors'
//! changes).
//!
//! Invariant: `Forwarded`, `X-Forwarded-For`, `-Proto` and `-Host` are believed only
//! when the socket peer is in `trusted_proxies`, and each address they name only as far
//! as the chain runs through trusted proxies: the client is the rightmost address not in
//! the list. With the list empty (the default) those headers are ignored, so a client
//! that talks to the server directly can't choose its own rate-limit bucket.

use axum::http::{header, HeaderMap};
use ipnet::IpNet;
use std::net::IpAddr;

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From CIDRs (`10.0.0.0/8`, `::1/128`) or single addresses (`127.0.0.1`); the
    /// first entry that is neither comes back as the error.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        entries
            .iter()
            .map(|entry| entry.as_ref().trim())
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| entry.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address: the peer's, or, through trusted proxies, the rightmost
    /// forwarded address that is not one of them.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        for hop in forwarded_for(headers).iter().rev() {
            if !self.trusts(client) {
                break;
            }
            match parse_node(hop) {
                Some(address) => client = address.to_canonical(),
                None => break,
            }
        }
        client
    }

    /// The origin the request was made to as the reader's browser sees it
    /// (`https://comments.example.org`): the scheme and host a trusted proxy forwarded,
    /// else this server's own (`http`, the `Host` header).
    pub fn origin(&self, peer: IpAddr, headers: &HeaderMap) -> Option<String> {
        let trusted = self.trusts(peer.to_canonical());
        let forwarded = |name: &str, x_header: &str| {
            trusted
                .then(|| forwarded_param(headers, name).or_else(|| last_value(headers, x_header)))
                .flatten()
        };
        let scheme = forwarded("proto", "x-forwarded-proto")
            .map(|scheme| scheme.to_ascii_lowercase())
            .filter(|scheme| scheme == "http" || scheme == "https")
            .unwrap_or_else(|| "http".to_owned());
        let host = forwarded("host", "x-forwarded-host").or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        })?;
        Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
    }
}

/// The `for=` nodes of `Forwarded` (RFC 7239) if the request has one, else the
/// addresses of `X-Forwarded-For`; in order, nearest proxy last.
fn forwarded_for(headers: &HeaderMap) -> Vec<String> {
    let standard: Vec<String> = forwarded_elements(headers)
        .filter_map(|element| pair_value(&element, "for"))
        .collect();
    if headers.contains_key(header::FORWARDED) {
        return standard;
    }
    all_values(headers, "x-forwarded-for")
        .map(|value| value.trim().to_owned())
        .collect()
}

fn forwarded_elements(headers: &HeaderMap) -> impl Iterator<Item = String> + '_ {
    all_values(headers, header::FORWARDED.as_str()).map(str::to_owned)
}

/// The comma-separated values of every `name` header, in order.
fn all_values<'a>(headers: &'a HeaderMap, name: &str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(name.to_owned())
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter(|value| !value.trim().is_empty())
}

fn last_value(headers: &HeaderMap, name: &str) -> Option<String> {
    all_values(headers, name)
        .last()
        .map(|value| value.trim().to_owned())
}

/// `name=` of the nearest proxy's `Forwarded` element.
fn forwarded_param(headers: &HeaderMap, name: &str) -> Option<String> {
    forwarded_elements(headers)
        .last()
        .and_then(|element| pair_value(&element, name))
}

/// The value of `name` in one `Forwarded` element (`for=1.2.3.4;proto=https`), unquoted.
fn pair_value(element: &str, name: &str) -> Option<String> {
    element.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]:4711`,
/// `2001:db8::1`. `unknown` and obfuscated names (`_proxy1`) are none.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Ok(address) = node.parse() {
        return Some(address);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    let (address, _port) = node.rsplit_once(':')?;
    address.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let none = TrustedProxies::default();
        let forged = headers(&[
            ("x-forwarded-for", "10.9.9.9"),
            ("forwarded", "for=10.9.9.9"),
        ]);
        assert_eq!(none.client(ip("203.0.113.7"), &forged), ip("203.0.113.7"));
    }

    #[test]
    fn the_client_is_the_rightmost_address_not_trusted() {
        let proxies = TrustedProxies::parse(&["127.0.0.1", "10.0.0.0/8"]).unwrap();
        let chain = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.7, 10.0.0.2")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &chain), ip("203.0.113.7"));
        // Two headers count as one list, in order.
        let split = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "203.0.113.7, 10.0.0.2"),
        ]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &split), ip("203.0.113.7"));
        // A peer not in the list is the client, whatever it says.
        assert_eq!(proxies.client(ip("192.0.2.1"), &chain), ip("192.0.2.1"));
        // All trusted: the leftmost.
        let inside = headers(&[("x-forwarded-for", "10.1.1.1, 10.0.0.2")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &inside), ip("10.1.1.1"));
        // Nothing forwarded: the proxy itself.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn forwarded_wins_and_names_ports_and_ipv6() {
        let proxies = TrustedProxies::parse(&["::1/128", "127.0.0.1"]).unwrap();
        let both = headers(&[
            ("x-forwarded-for", "10.9.9.9"),
            (
                "forwarded",
                r#"for="[2001:db8::1]:4711";proto=https, for=127.0.0.1"#,
            ),
        ]);
        assert_eq!(proxies.client(ip("::1"), &both), ip("2001:db8::1"));
        let v4 = headers(&[("forwarded", "for=198.51.100.4:51234;proto=http")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &v4), ip("198.51.100.4"));
        // An unknown node ends the walk at the proxy that said so.
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &unknown), ip("127.0.0.1"));
        // IPv4 mapped into IPv6 is the IPv4 address.
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &v4),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn the_origin_is_what_a_trusted_proxy_says_else_our_own() {
        let proxies = TrustedProxies::parse(&["127.0.0.1"]).unwrap();
        let forwarded = headers(&[
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "Kommentare.Example.org"),
        ]);
        assert_eq!(
            proxies.origin(ip("127.0.0.1"), &forwarded).as_deref(),
            Some("https://kommentare.example.org")
        );
        assert_eq!(
            proxies.origin(ip("192.0.2.1"), &forwarded).as_deref(),
            Some("http://127.0.0.1:8080")
        );
        let standard = headers(&[
            ("host", "x"),
            ("forwarded", "for=1.2.3.4;proto=https;host=a.org"),
        ]);
        assert_eq!(
            proxies.origin(ip("127.0.0.1"), &standard).as_deref(),
            Some("https://a.org")
        );
    }

    #[test]
    fn bad_entries_are_named() {
        assert_eq!(
            TrustedProxies::parse(&["10.0.0.0/8", "nginx"]).unwrap_err(),
            "nginx"
        );
        assert!(TrustedProxies::parse(&["", " 127.0.0.1 "]).is_ok());
    }
}
