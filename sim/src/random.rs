//! The host's seeded randomness: one ChaCha8 stream per host, and every draw derived here from
//! its raw 32- and 64-bit outputs, so that what a seed produces (MachineGuid, the pool key of
//! a certificate, `%RANDOM%`) depends on this file and the ChaCha8 cipher alone, not on how a
//! version of the `rand` crate maps words to ranges.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng};

/// A deterministic random stream.
#[derive(Debug, Clone)]
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream of `seed`: the ChaCha8 key is the seed expanded by SplitMix64 (four words,
    /// little-endian), the nonce and counter zero.
    pub fn new(seed: u64) -> Rng {
        let mut state = seed;
        let mut key = [0u8; 32];
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        Rng(ChaCha8Rng::from_seed(key))
    }

    /// The next 32 bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` with no modulo bias (Lemire's multiply-and-reject); 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let wide = u128::from(self.next_u64()) * u128::from(n);
            if (wide as u64) >= threshold {
                return (wide >> 64) as u64;
            }
        }
    }

    /// A number in `lo..=hi` (`lo` when `hi < lo`).
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let offset = match hi.abs_diff(lo).checked_add(1) {
            Some(span) => self.below(span),
            None => self.next_u64(), // the whole i64 range
        };
        lo.wrapping_add_unsigned(offset)
    }

    /// `N` random bytes.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.0.fill_bytes(&mut out);
        out
    }

    /// `len` random bytes.
    pub fn byte_vec(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        self.0.fill_bytes(&mut out);
        out
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): one step.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_stream_and_another_seed_another() {
        let (mut a, mut b, mut c) = (Rng::new(1), Rng::new(1), Rng::new(2));
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn the_stream_of_seed_zero_is_pinned() {
        // A regression pin, recorded from this implementation: if a dependency upgrade changes
        // the ChaCha8 stream or its seeding, this fails before any fixture or feature does.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 13_804_888_775_535_289_832);
    }

    #[test]
    fn ranges_stay_inside_and_reach_both_ends() {
        let mut r = Rng::new(9);
        let draws: Vec<i64> = (0..2000).map(|_| r.between(3, 40)).collect();
        assert!(draws.iter().all(|d| (3..=40).contains(d)));
        assert!(draws.contains(&3) && draws.contains(&40));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.between(5, 5), 5);
        assert!((0..100).all(|_| r.below(7) < 7));
        let full: Vec<i64> = (0..64).map(|_| r.between(i64::MIN, i64::MAX)).collect();
        assert!(full.iter().any(|v| *v < 0) && full.iter().any(|v| *v > 0));
    }
}
