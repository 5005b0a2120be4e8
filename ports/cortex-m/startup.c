/* Cortex-M vector table and reset handler: initialises .data and .bss, enables the FPU
 * (when the build uses it), runs static constructors, calls main and reports its return
 * value as the semihosting exit code. Faults end the program with exit code 3 instead of
 * locking up QEMU. Written in C because C++ may not call main. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern int main(void);
extern void __libc_init_array(void);

void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);

void Reset_Handler(void) {
  uint32_t* src = &_sidata;
  for (uint32_t* dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0u;
#if defined(__ARM_FP)
  /* CPACR: full access to coprocessors CP10 and CP11 (the FPU). */
  *(volatile uint32_t*)0xE000ED88u |= (0xFu << 20);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  __libc_init_array();
  const int code = main();
  const uint32_t block[2] = {0x20026u, (uint32_t)code};
  register uint32_t r0 __asm__("r0") = 0x20u; /* SYS_EXIT_EXTENDED */
  register const uint32_t* r1 __asm__("r1") = block;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  for (;;) {
  }
}

void Default_Handler(void) {
  static const char message[] = "\n*** fault: unexpected exception on the target ***\n";
  register uint32_t r0 __asm__("r0") = 0x04u; /* SYS_WRITE0 */
  register const char* r1 __asm__("r1") = message;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  const uint32_t block[2] = {0x20026u, 3u};
  register uint32_t e0 __asm__("r0") = 0x20u;
  register const uint32_t* e1 __asm__("r1") = block;
  __asm__ volatile("bkpt 0xAB" : "+r"(e0) : "r"(e1) : "memory");
  for (;;) {
  }
}

typedef void (*vector)(void);

struct vector_table {
  uint32_t* initial_stack_pointer;
  vector handlers[15];
};

__attribute__((section(".isr_vector"), used)) const struct vector_table langevin_vector_table = {
    &_estack,
    {
        Reset_Handler,
        Default_Handler, /* NMI */
        Default_Handler, /* HardFault */
        Default_Handler, /* MemManage */
        Default_Handler, /* BusFault */
        Default_Handler, /* UsageFault */
        0, 0, 0, 0,
        Default_Handler, /* SVCall */
        Default_Handler, /* DebugMonitor */
        0,
        Default_Handler, /* PendSV */
        SysTick_Handler,
    },
};
