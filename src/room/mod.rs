//! `room`: a chat room that many clients join at once, over UDP or TCP.
//!
//! This is the mode a class ends with: everyone starts a client, joins the
//! teacher's room, and what one types, all the others see.
//!
//! ```text
//! alice ─ SAY hi ─▶ server ─ MSG alice hi ─▶ bob, carol, …
//! ```
//!
//! Four pieces, one module each:
//!
//! * [`wire`]: the messages, as text lines anyone can type into `nc`;
//! * [`state`]: the rules: names, who hears what, who is dropped and why;
//! * [`flood`]: each member's fair share, so that one cannot drown the rest;
//! * [`server`]: sockets, threads and the console around the rules;
//! * [`client`]: joining, then reading the keyboard and the socket at once;
//! * [`bench`]: a load generator that measures delivery rate and delay.
//!
//! The server never believes what a client says about itself: a message
//! belongs to the member at its address (UDP) or on its connection (TCP).

pub mod bench;
pub mod client;
pub mod flood;
pub mod server;
pub mod state;
pub mod wire;

pub use client::run_client;
pub use server::serve;
