/*
 * ustor/storport_etw.h - the ETW event wrappers with 2, 4 or 8 name/value pairs.
 * Each passes a pair's value only when the pair has a name (an unnamed pair
 * carries 0), then calls StorPortExtendedFunction. StorPortEtwEventN logs on
 * the Diagnostic channel through the channel codes (85-87); a target older
 * than Windows 10 1809 uses the pre-channel codes (58-60) instead.
 * Internal piece of storport.h. Codes: storport-facts.md sections 1.2, 1.15, 2.
 */
#ifndef USTOR_STORPORT_ETW_H
#define USTOR_STORPORT_ETW_H

#include "storport_api.h"

/* The value an ETW name/value pair passes: none without a name. */
USTOR_INLINE ULONGLONG ustor_etw_pair_value(PWSTR Name, ULONGLONG Value)
{
    return Name != NULL ? Value : 0;
}

USTOR_INLINE ULONG StorPortEtwChannelEvent2(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            STORPORT_ETW_EVENT_CHANNEL EventChannel,
                                            ULONG EventId, PWSTR EventDescription,
                                            ULONGLONG EventKeywords,
                                            STORPORT_ETW_LEVEL EventLevel,
                                            STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                            PSCSI_REQUEST_BLOCK Srb, PWSTR Parameter1Name,
                                            ULONGLONG Parameter1Value, PWSTR Parameter2Name,
                                            ULONGLONG Parameter2Value)
{
    return StorPortExtendedFunction(ExtFunctionMiniportChannelEtwEvent2, HwDeviceExtension,
                                    Address, EventChannel, EventId, EventDescription,
                                    EventKeywords, EventLevel, EventOpcode, Srb,
                                    Parameter1Name,
                                    ustor_etw_pair_value(Parameter1Name, Parameter1Value),
                                    Parameter2Name,
                                    ustor_etw_pair_value(Parameter2Name, Parameter2Value));
}

USTOR_INLINE ULONG StorPortEtwChannelEvent4(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            STORPORT_ETW_EVENT_CHANNEL EventChannel,
                                            ULONG EventId, PWSTR EventDescription,
                                            ULONGLONG EventKeywords,
                                            STORPORT_ETW_LEVEL EventLevel,
                                            STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                            PSCSI_REQUEST_BLOCK Srb, PWSTR Parameter1Name,
                                            ULONGLONG Parameter1Value, PWSTR Parameter2Name,
                                            ULONGLONG Parameter2Value, PWSTR Parameter3Name,
                                            ULONGLONG Parameter3Value, PWSTR Parameter4Name,
                                            ULONGLONG Parameter4Value)
{
    return StorPortExtendedFunction(ExtFunctionMiniportChannelEtwEvent4, HwDeviceExtension,
                                    Address, EventChannel, EventId, EventDescription,
                                    EventKeywords, EventLevel, EventOpcode, Srb,
                                    Parameter1Name,
                                    ustor_etw_pair_value(Parameter1Name, Parameter1Value),
                                    Parameter2Name,
                                    ustor_etw_pair_value(Parameter2Name, Parameter2Value),
                                    Parameter3Name,
                                    ustor_etw_pair_value(Parameter3Name, Parameter3Value),
                                    Parameter4Name,
                                    ustor_etw_pair_value(Parameter4Name, Parameter4Value));
}

USTOR_INLINE ULONG StorPortEtwChannelEvent8(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            STORPORT_ETW_EVENT_CHANNEL EventChannel,
                                            ULONG EventId, PWSTR EventDescription,
                                            ULONGLONG EventKeywords,
                                            STORPORT_ETW_LEVEL EventLevel,
                                            STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                            PSCSI_REQUEST_BLOCK Srb, PWSTR Parameter1Name,
                                            ULONGLONG Parameter1Value, PWSTR Parameter2Name,
                                            ULONGLONG Parameter2Value, PWSTR Parameter3Name,
                                            ULONGLONG Parameter3Value, PWSTR Parameter4Name,
                                            ULONGLONG Parameter4Value, PWSTR Parameter5Name,
                                            ULONGLONG Parameter5Value, PWSTR Parameter6Name,
                                            ULONGLONG Parameter6Value, PWSTR Parameter7Name,
                                            ULONGLONG Parameter7Value, PWSTR Parameter8Name,
                                            ULONGLONG Parameter8Value)
{
    return StorPortExtendedFunction(ExtFunctionMiniportChannelEtwEvent8, HwDeviceExtension,
                                    Address, EventChannel, EventId, EventDescription,
                                    EventKeywords, EventLevel, EventOpcode, Srb,
                                    Parameter1Name,
                                    ustor_etw_pair_value(Parameter1Name, Parameter1Value),
                                    Parameter2Name,
                                    ustor_etw_pair_value(Parameter2Name, Parameter2Value),
                                    Parameter3Name,
                                    ustor_etw_pair_value(Parameter3Name, Parameter3Value),
                                    Parameter4Name,
                                    ustor_etw_pair_value(Parameter4Name, Parameter4Value),
                                    Parameter5Name,
                                    ustor_etw_pair_value(Parameter5Name, Parameter5Value),
                                    Parameter6Name,
                                    ustor_etw_pair_value(Parameter6Name, Parameter6Value),
                                    Parameter7Name,
                                    ustor_etw_pair_value(Parameter7Name, Parameter7Value),
                                    Parameter8Name,
                                    ustor_etw_pair_value(Parameter8Name, Parameter8Value));
}

USTOR_INLINE ULONG StorPortEtwEvent2(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                     ULONG EventId, PWSTR EventDescription,
                                     ULONGLONG EventKeywords, STORPORT_ETW_LEVEL EventLevel,
                                     STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                     PSCSI_REQUEST_BLOCK Srb, PWSTR Parameter1Name,
                                     ULONGLONG Parameter1Value, PWSTR Parameter2Name,
                                     ULONGLONG Parameter2Value)
{
#if USTOR_STOR_NTDDI >= 0x0A000006 /* Windows 10 1809 */
    return StorPortEtwChannelEvent2(HwDeviceExtension, Address, StorportEtwEventDiagnostic,
                                    EventId, EventDescription, EventKeywords, EventLevel,
                                    EventOpcode, Srb, Parameter1Name, Parameter1Value,
                                    Parameter2Name, Parameter2Value);
#else
    return StorPortExtendedFunction(ExtFunctionMiniportEtwEvent2, HwDeviceExtension, Address,
                                    EventId, EventDescription, EventKeywords, EventLevel,
                                    EventOpcode, Srb,
                                    Parameter1Name,
                                    ustor_etw_pair_value(Parameter1Name, Parameter1Value),
                                    Parameter2Name,
                                    ustor_etw_pair_value(Parameter2Name, Parameter2Value));
#endif
}

USTOR_INLINE ULONG StorPortEtwEvent4(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                     ULONG EventId, PWSTR EventDescription,
                                     ULONGLONG EventKeywords, STORPORT_ETW_LEVEL EventLevel,
                                     STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                     PSCSI_REQUEST_BLOCK Srb, PWSTR Parameter1Name,
                                     ULONGLONG Parameter1Value, PWSTR Parameter2Name,
                                     ULONGLONG Parameter2Value, PWSTR Parameter3Name,
                                     ULONGLONG Parameter3Value, PWSTR Parameter4Name,
                                     ULONGLONG Parameter4Value)
{
#if USTOR_STOR_NTDDI >= 0x0A000006 /* Windows 10 1809 */
    return StorPortEtwChannelEvent4(HwDeviceExtension, Address, StorportEtwEventDiagnostic,
                                    EventId, EventDescription, EventKeywords, EventLevel,
                                    EventOpcode, Srb, Parameter1Name, Parameter1Value,
                                    Parameter2Name, Parameter2Value, Parameter3Name,
                                    Parameter3Value, Parameter4Name, Parameter4Value);
#else
    return StorPortExtendedFunction(ExtFunctionMiniportEtwEvent4, HwDeviceExtension, Address,
                                    EventId, EventDescription, EventKeywords, EventLevel,
                                    EventOpcode, Srb,
                                    Parameter1Name,
                                    ustor_etw_pair_value(Parameter1Name, Parameter1Value),
                                    Parameter2Name,
                                    ustor_etw_pair_value(Parameter2Name, Parameter2Value),
                                    Parameter3Name,
                                    ustor_etw_pair_value(Parameter3Name, Parameter3Value),
                                    Parameter4Name,
                                    ustor_etw_pair_value(Parameter4Name, Parameter4Value));
#endif
}

USTOR_INLINE ULONG StorPortEtwEvent8(PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                     ULONG EventId, PWSTR EventDescription,
                                     ULONGLONG EventKeywords, STORPORT_ETW_LEVEL EventLevel,
                                     STORPORT_ETW_EVENT_OPCODE EventOpcode,
                                     PSCSI_REQUEST_BLOCK Srb, PWSTR Parameter1Name,
                                     ULONGLONG Parameter1Value, PWSTR Parameter2Name,
                                     ULONGLONG Parameter2Value, PWSTR Parameter3Name,
                                     ULONGLONG Parameter3Value, PWSTR Parameter4Name,
                                     ULONGLONG Parameter4Value, PWSTR Parameter5Name,
                                     ULONGLONG Parameter5Value, PWSTR Parameter6Name,
                                     ULONGLONG Parameter6Value, PWSTR Parameter7Name,
                                     ULONGLONG Parameter7Value, PWSTR Parameter8Name,
                                     ULONGLONG Parameter8Value)
{
#if USTOR_STOR_NTDDI >= 0x0A000006 /* Windows 10 1809 */
    return StorPortEtwChannelEvent8(HwDeviceExtension, Address, StorportEtwEventDiagnostic,
                                    EventId, EventDescription, EventKeywords, EventLevel,
                                    EventOpcode, Srb, Parameter1Name, Parameter1Value,
                                    Parameter2Name, Parameter2Value, Parameter3Name,
                                    Parameter3Value, Parameter4Name, Parameter4Value,
                                    Parameter5Name, Parameter5Value, Parameter6Name,
                                    Parameter6Value, Parameter7Name, Parameter7Value,
                                    Parameter8Name, Parameter8Value);
#else
    return StorPortExtendedFunction(ExtFunctionMiniportEtwEvent8, HwDeviceExtension, Address,
                                    EventId, EventDescription, EventKeywords, EventLevel,
                                    EventOpcode, Srb,
                                    Parameter1Name,
                                    ustor_etw_pair_value(Parameter1Name, Parameter1Value),
                                    Parameter2Name,
                                    ustor_etw_pair_value(Parameter2Name, Parameter2Value),
                                    Parameter3Name,
                                    ustor_etw_pair_value(Parameter3Name, Parameter3Value),
                                    Parameter4Name,
                                    ustor_etw_pair_value(Parameter4Name, Parameter4Value),
                                    Parameter5Name,
                                    ustor_etw_pair_value(Parameter5Name, Parameter5Value),
                                    Parameter6Name,
                                    ustor_etw_pair_value(Parameter6Name, Parameter6Value),
                                    Parameter7Name,
                                    ustor_etw_pair_value(Parameter7Name, Parameter7Value),
                                    Parameter8Name,
                                    ustor_etw_pair_value(Parameter8Name, Parameter8Value));
#endif
}

#endif /* USTOR_STORPORT_ETW_H */
