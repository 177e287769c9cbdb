/** Big datagrams and the path MTU: sending with the don't-fragment setting and reading what the kernel learned. */
package org.udpkit.mtu;
