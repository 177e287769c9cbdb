package org.udpkit.server;

import java.lang.reflect.Method;

import org.udpkit.Requirements;

/**
 * Bytes a thread has allocated, from {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}. The
 * bean is reached by reflection: the library's module, which the tests patch, reads only java.base.
 */
final class AllocationMeter {
    private final Object bean;
    private final Method allocatedBytes;

    AllocationMeter() throws ReflectiveOperationException {
        bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
        boolean supported = type.isInstance(bean)
                && (boolean) type.getMethod("isThreadAllocatedMemorySupported").invoke(bean);
        Requirements.require(supported, "per-thread allocation counts (com.sun.management.ThreadMXBean)");
        type.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
        allocatedBytes = type.getMethod("getThreadAllocatedBytes", long.class);
    }

    long getThreadAllocatedBytes(long threadId) throws ReflectiveOperationException {
        return (long) allocatedBytes.invoke(bean, threadId);
    }
}
