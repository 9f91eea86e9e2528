//! Integration tests for the server: content loading from fixture folders and every route
//! driven through the router without a socket.

mod admin;
mod analytics;
mod check;
mod content;
mod errors;
mod net;
mod page_cache;
mod routes;
mod search;
mod support;
mod verify;
mod watch;
