/**
 * Requests and replies of the ID protocol: {@link org.udpkit.request.Requester} keeps many requests in flight
 * on one socket, matches replies by ID, source and (with a key) tag, and retransmits on an adaptive timeout
 * (RFC 6298, RFC 8085); each request ends as one {@link org.udpkit.request.RequestOutcome}.
 */
package org.udpkit.request;
