/**
 * The book's programs as library pieces: the sentences they print ({@link org.udpkit.book.BookLines}), and
 * the behaviour of their servers as handlers that wrap any protocol: printing each datagram
 * ({@link org.udpkit.book.NarratingHandler}) and pretending to lose some ({@link org.udpkit.book.LossyHandler}).
 */
package org.udpkit.book;
