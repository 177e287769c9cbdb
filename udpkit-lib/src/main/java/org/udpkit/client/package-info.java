/**
 * Clients: a UDP socket that is connected by default (the book's defence against stray and forged
 * replies), and retransmission with exponential backoff (the book's answer to loss).
 */
package org.udpkit.client;
