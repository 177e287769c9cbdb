/**
 * What the datagrams say, apart from how they travel: the book's length protocol ("Your data was N
 * bytes long"), the ID protocol (request IDs, transmission numbers and optional HMAC tags: docs/protocol.md),
 * the handler interface every transport drives, and how a payload is shown to a person.
 */
package org.udpkit.protocol;
