/**
 * Service names and port numbers, as {@code socket.getservbyname} and {@code getservbyport} know them:
 * read from {@code /etc/services} when the system has one, from a built-in table of the well-known
 * services otherwise; and the IANA range each port falls in.
 */
package org.udpkit.services;
