/* serial.h — COM1 console setup and the COM2 exit record (serial.c). */
#ifndef INGOT_SERIAL_H
#define INGOT_SERIAL_H
void serial_init(void);
void serial_exit_record(int status);
/* host_signal.c: the host's "ingot-signal N" lines on COM3 become signals. */
void host_signal_init(void);
#endif
#ifndef INGOT_SERIAL_EXIT
#define INGOT_SERIAL_EXIT
__attribute__((noreturn)) void machine_exit(int status);
#endif
