//! Token buckets for the per-client limits (feedback answers, failed sign-ins): in memory only,
//! bounded, and closed rather than open when full.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::Instant;

/// Buckets of `per_minute` tokens a minute (as many at most), one per key, at most `cap` keys.
pub struct Buckets<K> {
    per_minute: f64,
    cap: usize,
    map: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq> Buckets<K> {
    /// Buckets of `per_minute` (at least 1) for at most `cap` keys.
    pub fn new(per_minute: f64, cap: usize) -> Buckets<K> {
        Buckets {
            per_minute: per_minute.max(1.0),
            cap: cap.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key`; false when its bucket is empty. When every slot holds a bucket
    /// that has not refilled, a new key gets nothing: a flood of new keys cannot reset the
    /// buckets of the keys that are being limited.
    pub fn take(&self, key: K, now: Instant) -> bool {
        let rate = self.per_minute;
        let refill = |tokens: f64, at: Instant| (tokens + now.duration_since(at).as_secs_f64() * rate / 60.0).min(rate);
        let mut map = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= self.cap && !map.contains_key(&key) {
            map.retain(|_, (tokens, at)| refill(*tokens, *at) < rate);
            if map.len() >= self.cap {
                return false;
            }
        }
        let (tokens, at) = map.entry(key).or_insert((rate, now));
        *tokens = refill(*tokens, *at);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Returns a token `key` took (a sign-in that succeeded does not count against it).
    pub fn give_back(&self, key: &K) {
        let mut map = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((tokens, _)) = map.get_mut(key) {
            *tokens = (*tokens + 1.0).min(self.per_minute);
        }
    }
}

/// The key a client address is limited under: IPv4 as it is, IPv6 by its /64 (one subscriber's
/// network, which can hold any number of addresses), and every client of unknown address
/// together.
pub fn address_key(ip: Option<IpAddr>) -> IpAddr {
    match ip {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        Some(IpAddr::V6(v6)) => IpAddr::V4(v6.to_ipv4_mapped().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)),
        Some(v4) => v4,
        None => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_allows_its_rate_then_refills() {
        let l = Buckets::new(3.0, 100);
        let t = Instant::now();
        assert!(l.take("a", t) && l.take("a", t) && l.take("a", t));
        assert!(!l.take("a", t), "a fourth within the minute is refused");
        assert!(l.take("b", t), "another key has its own bucket");
        assert!(
            l.take("a", t + Duration::from_secs(20)),
            "one token back after a third of a minute"
        );
        assert!(!l.take("a", t + Duration::from_secs(21)));
        l.give_back(&"a");
        assert!(l.take("a", t + Duration::from_secs(21)));
    }

    #[test]
    fn a_full_table_refuses_new_keys_instead_of_forgetting_the_limited_ones() {
        let l = Buckets::new(1.0, 2);
        let t = Instant::now();
        assert!(l.take("victim", t));
        assert!(l.take("x", t));
        assert!(!l.take("y", t), "no room: refused, not reset");
        assert!(!l.take("victim", t), "the limited key is still limited");
        // Once buckets have refilled, their slots are reused.
        assert!(l.take("y", t + Duration::from_secs(120)));
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(Some(a)), address_key(Some(b)));
        assert_ne!(address_key(Some(a)), address_key(Some(c)));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(Some(mapped)), "192.0.2.7".parse::<IpAddr>().unwrap());
        assert_eq!(address_key(None), address_key(None));
    }
}
