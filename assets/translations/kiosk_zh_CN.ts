<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="33" />
        <source>See the doctor first, pay once at the end</source>
        <translation>先看病，后付费，最后一次结清</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="34" />
        <source>Please insert your medical insurance card</source>
        <translation>请插入您的医保卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="35" />
        <source>Chip first, face up. Leave the card in until you finish.</source>
        <translation>芯片朝前、正面朝上插入。办完之前请不要拔卡。</translation>
    </message>
</context>
<context>
    <name>Bill</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="31" />
        <source>Consultation</source>
        <translation>诊查费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="32" />
        <source>Medicines</source>
        <translation>药品费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="33" />
        <source>Laboratory tests</source>
        <translation>化验费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="34" />
        <source>Imaging</source>
        <translation>检查费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="35" />
        <source>Treatment</source>
        <translation>治疗费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="37" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="38" />
        <source>Other charges</source>
        <translation>其他费用</translation>
    </message>
</context>
<context>
    <name>BillScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="144" />
        <source>Your bill</source>
        <translation>您的费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="145" />
        <source>The bill has changed. Please check the new amount.</source>
        <translation>费用有变化，请核对新的金额。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="146" />
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="147" />
        <source>Confirm and pay</source>
        <translation>确认支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="164" />
        <source>Confirm and pay {amount}</source>
        <translation>确认支付 {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="182" />
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="125" />
        <source>Where would you like to check in?</source>
        <translation>您要去哪个科室报到？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="126" />
        <location filename="../../kiosk/ui/screens/visit.py" line="145" />
        <source>Choose a department:</source>
        <translation>请选择科室：</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="127" />
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="128" />
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="129" />
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="137" />
        <source>Today's appointment: {time} {department}
Tap here to check in</source>
        <translation>今天的预约：{time} {department}
点这里报到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="144" />
        <source>Or choose a department:</source>
        <translation>或者选择其他科室：</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="166" />
        <source>Check in to {department}?</source>
        <translation>确定去{department}报到吗？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="175" />
        <source>Closed now</source>
        <translation>暂停看诊</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="173" />
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="174" />
        <source>Finish</source>
        <translation>结束</translation>
    </message>
</context>
<context>
    <name>FirstTimeScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="88" />
        <source>Welcome! Please link your card first</source>
        <translation>欢迎！请先开通信用就医</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="92" />
        <source>It only takes a few minutes. Next time you can see the doctor first and pay once at the end.</source>
        <translation>只需几分钟。开通后，下次就可以先看病，最后一次付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="94" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="138" />
        <source>Do you need more time?</source>
        <translation>您还需要更多时间吗？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="139" />
        <source>More time</source>
        <translation>需要，继续</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="143" />
        <source>This screen will close in {seconds} seconds.</source>
        <translation>{seconds} 秒后将自动结束。</translation>
    </message>
</context>
<context>
    <name>ItineraryScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="267" />
        <source>Your next stops</source>
        <translation>您接下来要去</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="268" />
        <source>Pay now</source>
        <translation>现在付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="269" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="278" />
        <source>You have no more stops. You can pay now.</source>
        <translation>您已看完，现在可以付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="288" />
        <source>{wait} · {people} waiting · walk about {walk} min</source>
        <translation>{wait} · 前面 {people} 人 · 步行约 {walk} 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="296" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="297" />
        <source>For: {items}</source>
        <translation>项目：{items}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="304" />
        <source>About {minutes} min in total</source>
        <translation>预计共需约 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="252" />
        <source>Hospital kiosk</source>
        <translation>医院自助机</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="40" />
        <source>You can still be seen the traditional way: register at the counter and pay at each step.</source>
        <translation>您仍然可以照常看病：到窗口挂号，每一步先付费再就诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="43" />
        <source>The payment counter is in the main hall on the ground floor.</source>
        <translation>收费窗口在一楼大厅。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="46" />
        <source>Please ask the staff at the counter for help.</source>
        <translation>请到窗口请工作人员帮忙。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="47" />
        <source>Please tap "Try again". If it happens again, please go to the counter.</source>
        <translation>请点“再试一次”。如果还不行，请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="49" />
        <source>Please use another kiosk, or ask the staff at the counter for help.</source>
        <translation>请换一台自助机，或到窗口请工作人员帮忙。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="51" />
        <source>Pay-later is not available today</source>
        <translation>今天不能先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="55" />
        <source>The card reader is not working</source>
        <translation>读卡器不能使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="56" />
        <source>This kiosk cannot find its card reader.</source>
        <translation>这台自助机找不到读卡器。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="59" />
        <source>The card reader is not ready</source>
        <translation>读卡器还没准备好</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="60" />
        <source>The card reader is not answering at the moment.</source>
        <translation>读卡器暂时没有响应。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="63" />
        <source>No card found</source>
        <translation>没有找到卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="64" />
        <source>We could not find a card in the reader.</source>
        <translation>读卡器里没有找到卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="65" />
        <source>Please insert your medical insurance card, chip first and face up.</source>
        <translation>请插入医保卡，芯片朝前，正面朝上。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="68" />
        <source>The card was taken out too soon</source>
        <translation>卡拔得太早了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="69" />
        <source>The card was taken out while we were reading it.</source>
        <translation>正在读卡时，卡被拔出了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="70" />
        <source>Please insert your card again and leave it in until you finish.</source>
        <translation>请重新插卡，办完之前请不要拔卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="73" />
        <source>Your card could not be read</source>
        <translation>您的卡读不出来</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="74" />
        <source>The card did not answer. It may be inserted the wrong way.</source>
        <translation>卡没有响应，可能插反了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="76" />
        <source>Please take the card out, insert it chip first and face up, then tap "Try again".</source>
        <translation>请拔出卡，芯片朝前、正面朝上重新插入，然后点“再试一次”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="80" />
        <source>This card cannot be used here</source>
        <translation>这张卡不能在这里使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="81" />
        <source>This is not a medical insurance card we can read.</source>
        <translation>这不是我们能读取的医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="82" />
        <source>Please insert your medical insurance card, or go to the counter.</source>
        <translation>请插入您的医保卡，或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="85" />
        <source>Please go to the counter</source>
        <translation>请到窗口办理</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="86" />
        <source>This card's details can only be read at the counter.</source>
        <translation>这张卡的信息只能在窗口读取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="88" />
        <source>Please go to the counter or use your electronic insurance QR code.</source>
        <translation>请到窗口办理，或使用医保电子凭证二维码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="92" />
        <source>Your card's details could not be read</source>
        <translation>卡上的信息读不出来</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="93" />
        <source>The information on this card seems to be damaged.</source>
        <translation>这张卡上的信息可能已损坏。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="94" />
        <source>Please go to the counter. The staff can check your card.</source>
        <translation>请到窗口，工作人员会帮您检查。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="97" />
        <location filename="../../kiosk/ui/messages.py" line="187" />
        <source>Your card has expired</source>
        <translation>您的卡已过期</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="98" />
        <location filename="../../kiosk/ui/messages.py" line="188" />
        <source>This medical insurance card is no longer valid.</source>
        <translation>这张医保卡已经失效。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="99" />
        <source>Please go to the counter to be seen today, and renew your card at the social security office.</source>
        <translation>今天看病请到窗口办理。换卡请到社保服务中心。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="108" />
        <source>Cannot reach the hospital system</source>
        <translation>连不上医院系统</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="109" />
        <source>The kiosk is not connected at the moment.</source>
        <translation>自助机暂时没有联网。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="110" />
        <source>Please tap "Try again" in a moment, or go to the counter.</source>
        <translation>请稍后点“再试一次”，或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="113" />
        <source>The hospital system is slow</source>
        <translation>医院系统反应较慢</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="114" />
        <source>The answer is taking too long.</source>
        <translation>等待时间太长了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="117" />
        <location filename="../../kiosk/ui/messages.py" line="134" />
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="118" />
        <source>The hospital system had a problem.</source>
        <translation>医院系统出了问题。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="122" />
        <source>We cannot offer paying later on this card at the moment.</source>
        <translation>这张卡暂时不能先看病后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="125" />
        <source>The payment could not be finished here</source>
        <translation>这笔付款无法在这里完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="126" />
        <source>The kiosk had a technical problem with this payment.</source>
        <translation>这笔付款遇到了技术问题。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="127" />
        <source>Please go to the counter. The staff can check your payment.</source>
        <translation>请到窗口，工作人员会帮您查询付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="130" />
        <source>This kiosk is not working right now</source>
        <translation>这台自助机暂时不能使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="131" />
        <source>The kiosk could not connect to the hospital system.</source>
        <translation>自助机连不上医院系统。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="135" />
        <source>The hospital system could not finish your request.</source>
        <translation>医院系统没能完成您的操作。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="141" />
        <source>Your medical insurance is not active</source>
        <translation>您的医保未生效</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="142" />
        <source>Your insurance is not active now, so paying later is not possible today.</source>
        <translation>您的医保目前未生效，今天不能先看病后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="147" />
        <source>Please link your card first</source>
        <translation>请先开通信用就医</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="148" />
        <source>Your card is not yet linked to "see the doctor first, pay later".</source>
        <translation>您的卡还没有开通“先看病后付费”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="151" />
        <source>Please go to the payment counter once to link your card. After that you can use this kiosk.</source>
        <translation>请到收费窗口开通一次，以后就可以用这台自助机了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="155" />
        <source>Your pay-later service is paused</source>
        <translation>您的先看病后付费已暂停</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="156" />
        <source>Your "see the doctor first, pay later" service is paused. The payment counter can tell you why.</source>
        <translation>您的“先看病后付费”已暂停，收费窗口可以告诉您原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="162" />
        <source>Your credit check does not meet the requirement for paying later yet.</source>
        <translation>您的信用评估暂时没有达到先看病后付费的要求。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="169" />
        <source>Paying later is not available for this card. The payment counter can tell you more.</source>
        <translation>这张卡不能先看病后付费，详情请问收费窗口。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="174" />
        <source>You have an unpaid bill</source>
        <translation>您有一笔费用还没付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="175" />
        <source>An earlier bill is not paid yet. After you pay it at the counter, you can pay later again.</source>
        <translation>您以前有一笔费用还没付清。到窗口付清后，就可以再次先看病后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="180" />
        <source>This card does not match our records</source>
        <translation>这张卡和医院记录不一致</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="181" />
        <source>The card details are different from the hospital records.</source>
        <translation>卡上的信息和医院的记录不一样。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="183" />
        <source>Please go to the counter with your ID card. The staff will help you.</source>
        <translation>请带身份证到窗口，工作人员会帮您。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="192" />
        <source>This department is not available</source>
        <translation>这个科室不能选</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="193" />
        <source>We could not find this department.</source>
        <translation>没有找到这个科室。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="194" />
        <location filename="../../kiosk/ui/messages.py" line="200" />
        <source>Please start again and choose another department, or ask at the counter.</source>
        <translation>请重新开始，选择其他科室，或到窗口询问。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="198" />
        <source>This department is closed now</source>
        <translation>这个科室现在不看诊</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="199" />
        <source>This department is not seeing patients at the moment.</source>
        <translation>这个科室现在不接诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="204" />
        <source>We could not find your visit</source>
        <translation>没有找到您的就诊记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="205" />
        <source>Today's visit was not found in the hospital system.</source>
        <translation>医院系统里没有找到您今天的就诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="208" />
        <source>This visit is already finished</source>
        <translation>这次就诊已经结束</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="209" />
        <source>This visit has already been closed.</source>
        <translation>这次就诊已经关闭了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="212" />
        <source>The bill is over your pay-later limit</source>
        <translation>费用超过了您的信用额度</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="213" />
        <source>This bill is more than the amount you can pay later.</source>
        <translation>这次费用超过了您可以后付的额度。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="215" />
        <source>Please pay this bill at the payment counter.</source>
        <translation>请到收费窗口付这笔费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="217" />
        <source>Nothing to pay</source>
        <translation>没有要付的费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="218" />
        <source>There is nothing to pay for this visit.</source>
        <translation>这次就诊没有要付的费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="219" />
        <source>You can take your card. Thank you.</source>
        <translation>您可以取卡了，谢谢。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="221" />
        <source>Your bill has changed</source>
        <translation>您的费用有变化</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="222" />
        <source>New charges were added, so the amount is different.</source>
        <translation>新加了费用，金额变了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="223" />
        <source>Please check the new amount before you pay.</source>
        <translation>请先核对新的金额，再付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="225" />
        <source>Already paid</source>
        <translation>已经付过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="226" />
        <source>This visit is already paid. You will not be charged again.</source>
        <translation>这次就诊已经付过了，不会再扣费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="228" />
        <source>You can take your card. The counter can print your receipt.</source>
        <translation>您可以取卡了。需要票据请到窗口打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="231" />
        <source>Your payment is being confirmed</source>
        <translation>正在确认您的付款</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="232" />
        <source>A payment for this visit is already on its way. Please do not pay again.</source>
        <translation>这次就诊的付款正在处理中，请不要重复付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="235" />
        <source>Please insert your card again in a few minutes to see the result, or ask at the counter.</source>
        <translation>请过几分钟再插卡查看结果，或到窗口询问。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="243" />
        <source>You are already checked in</source>
        <translation>您已经报到过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="244" />
        <source>You have already checked in to this department today.</source>
        <translation>您今天已经在这个科室报到过了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="246" />
        <source>Please wait near the room until your number is called.</source>
        <translation>请在诊室附近等候叫号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="252" />
        <source>We could not find your records</source>
        <translation>没有找到您的信息</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="253" />
        <source>The hospital has no record for this card yet.</source>
        <translation>医院还没有这张卡的记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="255" />
        <source>Please go to the payment counter once to link your card.</source>
        <translation>请到收费窗口开通一次。</translation>
    </message>
</context>
<context>
    <name>NotEligibleScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="114" />
        <source>Pay-later is not available today</source>
        <translation>今天不能先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="116" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="55" />
        <source>Reading your card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="58" />
        <source>Checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="61" />
        <source>Please leave your card in the reader.</source>
        <translation>请不要拔卡。</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="257" />
        <source>Scan for your electronic receipt</source>
        <translation>扫码查看电子票据</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="258" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="269" />
        <source>Payment complete</source>
        <translation>付款成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="271" />
        <source>Please pay at the counter</source>
        <translation>请到窗口付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="273" />
        <source>Your visit is settled, but the payment did not go through</source>
        <translation>已结算，但扣款没有成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="276" />
        <source>This is the result of the payment you made earlier.</source>
        <translation>这是您上次付款的结果。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="277" />
        <source>Settlement number: {number}</source>
        <translation>结算单号：{number}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="283" />
        <source>Still to pay: {amount}. Please pay it at the payment counter by {date}.</source>
        <translation>还需支付 {amount}，请在 {date} 前到收费窗口付清。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="287" />
        <source>Still to pay: {amount}. Please pay it at the payment counter.</source>
        <translation>还需支付 {amount}，请到收费窗口付清。</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="82" />
        <source>Building {building}, floor {floor}, room {room}</source>
        <translation>{building}栋 {floor}楼 {room}室</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="89" />
        <source>No wait</source>
        <translation>无需等候</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="90" />
        <source>Wait about {minutes} min</source>
        <translation>约等 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="150" />
        <source>Please wait…</source>
        <translation>请稍等…</translation>
    </message>
</context>
<context>
    <name>SettlingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="207" />
        <source>Confirming your payment…</source>
        <translation>正在确认付款…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="208" />
        <source>Your payment is being confirmed. Please do not pay again.</source>
        <translation>正在确认您的付款，请不要重复付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="211" />
        <source>This can take a little while. Please keep your card in the reader.</source>
        <translation>可能需要一点时间，请不要拔卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="214" />
        <source>Paying…</source>
        <translation>正在付款…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="216" />
        <source>Please keep your card in the reader.</source>
        <translation>请不要拔卡。</translation>
    </message>
</context>
<context>
    <name>SplitPanel</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="98" />
        <source>Total</source>
        <translation>总费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="99" />
        <source>Insurance pays</source>
        <translation>医保支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="100" />
        <source>Personal account pays</source>
        <translation>个人账户支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="101" />
        <source>You pay</source>
        <translation>您需支付</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="201" />
        <source>Please take your card</source>
        <translation>请取走您的卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="202" />
        <source>Thank you. We wish you good health.</source>
        <translation>谢谢，祝您早日康复。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="229" />
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="230" />
        <source>Please go there and wait until your number is called.</source>
        <translation>请到那里等候叫号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="231" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="237" />
        <source>You are already checked in</source>
        <translation>您已经报到过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="238" />
        <source>You are checked in</source>
        <translation>报到成功</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="82" />
        <source>Self-service: see the doctor first, pay later</source>
        <translation>自助服务 · 先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="85" />
        <source>Large text</source>
        <translation>大字</translation>
    </message>
</context>
</TS>