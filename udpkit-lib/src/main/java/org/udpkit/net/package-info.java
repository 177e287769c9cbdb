/** Addresses: parsing what a user typed, writing an address the way udpkit prints it, local interfaces. */
package org.udpkit.net;
