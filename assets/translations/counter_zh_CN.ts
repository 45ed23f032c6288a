<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClinicScreen</name>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="137"/>
        <source>Patient {name}, ID {id}</source>
        <translation>患者 {name}，证件号 {id}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="141"/>
        <source>Patient confirms: pay {amount}</source>
        <translation>患者确认：支付 {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="158"/>
        <location filename="../../kiosk/counter/clinic_screen.py" line="175"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="173"/>
        <source>Next stop</source>
        <translation>下一站</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="173"/>
        <location filename="../../kiosk/counter/clinic_screen.py" line="277"/>
        <source>Room</source>
        <translation>诊室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="173"/>
        <location filename="../../kiosk/counter/clinic_screen.py" line="277"/>
        <source>Wait</source>
        <translation>等候</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="180"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="180"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="180"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="192"/>
        <source>Total {total}  Insurance fund {fund}  Personal account {account}</source>
        <translation>合计 {total}  统筹基金 {fund}  个人账户 {account}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="196"/>
        <source>Patient&apos;s share: {amount}</source>
        <translation>患者自付：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="204"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="206"/>
        <source>Next patient: put the card in the reader and read it.</source>
        <translation>下一位患者：请将医保卡插入读卡器并读卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="207"/>
        <source>Reading the card and asking about eligibility…</source>
        <translation>正在读卡并查询先诊疗后付费资格…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="208"/>
        <source>Eligible: choose the department with the patient, then check in.</source>
        <translation>符合条件：与患者一起选择科室，然后挂号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="210"/>
        <source>Checked in.</source>
        <translation>已挂号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="211"/>
        <source>Open visit: the next stops. Show the bill when the patient is ready to pay.</source>
        <translation>就诊进行中：下一站如下。患者准备结算时请显示账单。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="213"/>
        <source>The bill: the patient confirms the payment.</source>
        <translation>账单：由患者确认支付。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="214"/>
        <source>Paying… do not take payment again.</source>
        <translation>正在支付…请勿重复收费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="216"/>
        <source>The payment is being confirmed. It is never taken twice; the station keeps asking with the same key.</source>
        <translation>支付结果确认中。绝不会重复扣款；本站会以同一请求编号继续查询。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="218"/>
        <source>The patient left before paying: nothing was charged.</source>
        <translation>患者未支付即离开：未扣任何费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="219"/>
        <source>Paid.</source>
        <translation>已支付。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="220"/>
        <source>This card is not linked to pay-later yet: link it at the counter desk.</source>
        <translation>此卡尚未开通先诊疗后付费：请在收费窗口办理开通。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="222"/>
        <source>Not eligible for pay-later: the patient pays the usual way.</source>
        <translation>不符合先诊疗后付费条件：患者按常规方式缴费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="224"/>
        <source>Something went wrong.</source>
        <translation>出现问题。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="225"/>
        <source>Give the card back to the patient.</source>
        <translation>请将医保卡交还患者。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="229"/>
        <source>The backend is not answering.</source>
        <translation>后台无响应。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="239"/>
        <source>Credit available: {amount}</source>
        <translation>可用信用额度：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="242"/>
        <source>Appointment today {time}: {department}</source>
        <translation>今日预约 {time}：{department}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="246"/>
        <source>Ticket {number}: {department}, {building} {floor}F room {room}</source>
        <translation>排队号 {number}：{department}，{building} 栋 {floor} 楼 {room} 室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="253"/>
        <source>The bill changed: show the new amounts to the patient.</source>
        <translation>账单已变更：请向患者展示新的金额。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="255"/>
        <source>Payment reference {reference}: {amount}</source>
        <translation>支付参考号 {reference}：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="260"/>
        <source>Settlement {number} for visit {visit}.</source>
        <translation>就诊 {visit} 的结算单 {number}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="263"/>
        <source>Owed on pay-later: {amount}, due {date}.</source>
        <translation>先诊疗后付费待还：{amount}，到期日 {date}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="268"/>
        <source>No input for a while: the patient&apos;s session ends soon.</source>
        <translation>长时间无操作：患者会话即将结束。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="272"/>
        <source>Clinic desk: the patient&apos;s journey</source>
        <translation>诊所服务台：患者就诊全程</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="273"/>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="275"/>
        <source>The patient checks the amounts and confirms on the customer screen.</source>
        <translation>患者在客户屏上核对金额并确认。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="277"/>
        <source>Department</source>
        <translation>科室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="279"/>
        <source>Read card</source>
        <translation>读卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="280"/>
        <source>Check in</source>
        <translation>挂号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="281"/>
        <source>Show the bill</source>
        <translation>显示账单</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="282"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="283"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="284"/>
        <source>More time</source>
        <translation>延长时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/clinic_screen.py" line="285"/>
        <source>Patient leaves: end</source>
        <translation>患者离开：结束</translation>
    </message>
</context>
<context>
    <name>CounterMessages</name>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="28"/>
        <source>The patient has not ticked the consent box.</source>
        <translation>患者尚未勾选同意。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="30"/>
        <source>The signature is empty. Ask the patient to sign in the box.</source>
        <translation>签名为空，请患者在签名框内签名。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="32"/>
        <source>Check the identity against the photo ID and tick the box.</source>
        <translation>请核对身份证件照片并勾选确认。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="34"/>
        <source>Enter the payment method&apos;s reference (account or card number).</source>
        <translation>请填写支付方式的账号或卡号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="36"/>
        <source>The payment reference is too long or holds invalid characters.</source>
        <translation>支付账号过长或含有无效字符。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="38"/>
        <source>Enter a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="39"/>
        <source>The reason is too long (500 characters at most) or not one line.</source>
        <translation>原因过长（最多500字）或包含换行。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="44"/>
        <source>No card reader found. Check that the reader is plugged in.</source>
        <translation>未找到读卡器，请检查读卡器是否已连接。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="46"/>
        <source>The card reader service is not running. Try again; if it persists, call IT.</source>
        <translation>读卡服务未运行。请重试；如仍不行，请联系信息科。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="49"/>
        <source>No card in the reader. Insert the card and read it again.</source>
        <translation>读卡器中没有卡，请插卡后重新读卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="51"/>
        <source>The card was taken out during the read. Insert it and read again.</source>
        <translation>读卡过程中卡被拔出，请重新插卡并读卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="53"/>
        <source>The card does not answer. Take it out, wipe the chip, insert it and read again.</source>
        <translation>卡片无响应。请拔出卡片、擦拭芯片后重新插卡读卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="56"/>
        <source>This is not a medical insurance card the counter can read. Search by ID number instead.</source>
        <translation>这不是本窗口可读取的医保卡，请改用身份证号查找。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="60"/>
        <source>This card needs a reader with a security module. Search by ID number instead.</source>
        <translation>此卡需要带安全模块的读卡器，请改用身份证号查找。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="63"/>
        <source>The data on this card is damaged. Search by ID number; the patient should renew the card.</source>
        <translation>卡内数据已损坏。请改用身份证号查找，并提醒患者补换卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="67"/>
        <source>This card has expired. The patient must renew it first.</source>
        <translation>此卡已过期，患者需先办理换卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="72"/>
        <source>Medical insurance is not active.</source>
        <translation>医保未处于参保状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="74"/>
        <source>The card is not linked to pay-later yet.</source>
        <translation>此卡尚未绑定信用就医。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="76"/>
        <source>Pay-later is suspended.</source>
        <translation>信用就医已暂停。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="77"/>
        <source>The credit score is below the hospital&apos;s threshold.</source>
        <translation>信用分低于医院规定的门槛。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="79"/>
        <source>Flagged by insurance fraud monitoring.</source>
        <translation>被医保反欺诈监控标记。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="81"/>
        <source>On the insurance monitoring blacklist.</source>
        <translation>在医保监控黑名单中。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="83"/>
        <source>Has an overdue debt.</source>
        <translation>有逾期欠款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="84"/>
        <source>The card does not match the registered patient record.</source>
        <translation>此卡与已登记的患者档案不符。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="86"/>
        <source>The insurance card has expired.</source>
        <translation>医保卡已过期。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="87"/>
        <source>The card cannot authenticate itself (an older card without the key): it cannot be linked to pay-later.</source>
        <translation>该卡无法完成认证（不带密钥的旧卡）：不能开通先诊疗后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="90"/>
        <source>The card&apos;s authentication failed or it is not the patient&apos;s registered card: read it again; a card that keeps failing may be forged.</source>
        <translation>卡片认证失败，或不是该患者登记的卡：请重新读卡；一直失败的卡可能是伪造的。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="93"/>
        <source>The bill is over the patient&apos;s pay-later credit limit.</source>
        <translation>费用超出患者的信用就医额度。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="95"/>
        <source>Insured in another province and not filed for direct settlement here: no pay-later; the patient pays at the counter (lower insurance rates) and may file with their insurer.</source>
        <translation>外省参保且未在本地办理异地就医直接结算备案：不能先诊疗后付费；患者在柜台付费（医保报销比例较低），可向参保地医保部门办理备案。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="100"/>
        <source>Insured elsewhere: the hospital gives no pay-later to patients from this region; the patient pays at the counter.</source>
        <translation>异地参保：本院不为该地区参保患者提供先诊疗后付费；患者在柜台付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="104"/>
        <source>The insurer does not answer. Try again in a moment.</source>
        <translation>医保平台未响应，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="106"/>
        <source>The insurance QR code has expired. Ask the patient to refresh it and scan again.</source>
        <translation>医保电子凭证二维码已过期，请患者刷新后重新扫码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="109"/>
        <source>The insurer does not recognise this QR code. Scan the code in the insurance app again, or read the card.</source>
        <translation>医保平台无法识别此二维码，请重新扫描医保App中的电子凭证，或改为读卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="113"/>
        <source>This QR code was already used. Ask the patient to refresh it and scan again.</source>
        <translation>此二维码已使用过，请患者刷新后重新扫码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="116"/>
        <source>The backend saw this payment key with other amounts. Nothing was charged again; reload the patient.</source>
        <translation>后台收到过此支付编号但金额不同，未重复收费；请重新加载患者信息。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="120"/>
        <source>The payment was sent without its key. Nothing was charged.</source>
        <translation>支付请求缺少支付编号，未收费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="122"/>
        <source>The patient is not eligible for pay-later today.</source>
        <translation>患者今日不符合信用就医条件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="124"/>
        <source>A department sent an order number twice with other contents.</source>
        <translation>某科室以不同内容重复提交了同一医嘱号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="126"/>
        <source>Not found on the backend.</source>
        <translation>后台未找到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="127"/>
        <source>The backend does not offer this action. Call IT.</source>
        <translation>后台不支持此操作，请联系信息科。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="133"/>
        <source>Your session has ended. Please sign in again.</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="135"/>
        <source>The patient&apos;s session at the kiosk has ended: the patient inserts the card again. Nothing was changed.</source>
        <translation>患者在自助机上的本次服务已结束：请患者重新插卡。没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="138"/>
        <source>Your role may not do this. Please ask a supervisor.</source>
        <translation>您的角色无权进行此操作，请联系主管。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="141"/>
        <source>The backend refused the data as invalid. Nothing was changed.</source>
        <translation>后台认为数据无效，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="143"/>
        <source>This patient is already registered. Their record was loaded.</source>
        <translation>该患者已登记，已载入其档案。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="145"/>
        <source>No patient with this ID number is registered.</source>
        <translation>没有该身份证号的患者档案。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="147"/>
        <source>The link is not in a state that allows this (for example already linked, or not suspended). The patient view was reloaded.</source>
        <translation>当前绑定状态不允许此操作（例如已绑定或未暂停），已刷新患者信息。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="151"/>
        <source>This debt is no longer open (already paid or cancelled).</source>
        <translation>该欠款已不是待缴状态（已缴清或已取消）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="153"/>
        <source>This debt was not found.</source>
        <translation>未找到该欠款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="154"/>
        <source>The amount has changed since it was shown. Nothing was charged; check the new amount and try again.</source>
        <translation>金额已变化，未收取任何费用；请核对新金额后重试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="158"/>
        <source>This settlement cannot be refunded (already refunded, or too old).</source>
        <translation>该笔结算不能退费（已退费或超过期限）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="161"/>
        <source>Settlement not found.</source>
        <translation>未找到该结算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="162"/>
        <source>This visit is already settled. It was not charged again.</source>
        <translation>本次就诊已结算，未重复收费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="164"/>
        <source>A settlement for this visit is still running. Check its outcome in a moment; do not take money again.</source>
        <translation>本次就诊的结算正在处理中，请稍后查询结果，切勿重复收费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="168"/>
        <source>This visit has no charges yet: nothing to settle.</source>
        <translation>本次就诊尚无费用，无需结算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="170"/>
        <source>This department is closed now.</source>
        <translation>该科室现在不接诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="172"/>
        <source>Unknown department.</source>
        <translation>未知科室。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="173"/>
        <source>The patient already has an open visit in this department today.</source>
        <translation>该患者今天在此科室已有未结束的就诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="175"/>
        <source>This visit is closed.</source>
        <translation>本次就诊已关闭。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="176"/>
        <source>Visit not found.</source>
        <translation>未找到该就诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="180"/>
        <source>Cannot reach the backend. Nothing was sent; try again when the network is back.</source>
        <translation>无法连接后台，未发送任何请求；网络恢复后请重试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="183"/>
        <source>The backend did not answer in time. The action may or may not have been done; the view will show the current state.</source>
        <translation>后台未及时响应，操作可能已完成也可能未完成；界面将显示当前实际状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="210"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="211"/>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="212"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="213"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="129"/>
        <location filename="../../kiosk/counter/messages.py" line="187"/>
        <source>The backend had a problem. The action may or may not have been done; the view will show the current state.</source>
        <translation>后台出现问题，操作可能已完成也可能未完成；界面将显示当前实际状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="191"/>
        <source>Some input is not valid. Nothing was sent.</source>
        <translation>部分输入无效，未发送任何请求。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="192"/>
        <source>Unexpected error in the counter application. Nothing was sent.</source>
        <translation>收费窗口程序出现意外错误，未发送任何请求。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="195"/>
        <source>The backend refused this request. Nothing was changed.</source>
        <translation>后台拒绝了此请求，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="201"/>
        <source>The outcome of this payment is not known yet. Do not take money again: press &quot;Check outcome&quot; (the same payment is resumed, never repeated).</source>
        <translation>本笔收费结果尚未确认。切勿重复收款：请按“查询结果”（继续同一笔收费，不会重复）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="199"/>
        <source>Please wait: the last action is running.</source>
        <translation>请稍候：上一操作正在进行。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/messages.py" line="200"/>
        <source>The settlement was refunded.</source>
        <translation>该笔结算已退费。</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <location filename="../../kiosk/counter/window.py" line="267"/>
        <source>First visit: create the patient record, then link the card.</source>
        <translation>首次就诊：请先建立患者档案，再绑定医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="270"/>
        <source>Card linked. Decision: {decision}. Credit limit: {limit}.</source>
        <translation>已绑定。评估结果：{decision}。信用额度：{limit}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="276"/>
        <source>Counter desk</source>
        <translation>收费窗口</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="277"/>
        <source>Clinic desk</source>
        <translation>诊所服务台</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="291"/>
        <source>Payment counter</source>
        <translation>收费窗口</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="292"/>
        <source>Payment counter · see the doctor first, pay later</source>
        <translation>收费窗口 · 先诊疗后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="294"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="296"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="299"/>
        <source>clerk</source>
        <translation>收费员</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="299"/>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="300"/>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/window.py" line="301"/>
        <source>Staff {id} ({role})</source>
        <translation>工号 {id}（{role}）</translation>
    </message>
</context>
<context>
    <name>CustomerScreen</name>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="38"/>
        <source>Welcome. Staff will read your card.</source>
        <translation>欢迎。工作人员将为您读取医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="39"/>
        <source>One moment: staff are helping you.</source>
        <translation>请稍候：工作人员正在为您办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="40"/>
        <source>You can see the doctor first and pay later. Staff are checking you in.</source>
        <translation>您可以先诊疗后付费。工作人员正在为您挂号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="43"/>
        <source>You are checked in.</source>
        <translation>您已挂号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="44"/>
        <source>Your next stops</source>
        <translation>您的下一站</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="45"/>
        <source>Your bill: please check and confirm</source>
        <translation>您的账单：请核对并确认</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="46"/>
        <source>Paying… please wait.</source>
        <translation>正在支付…请稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="47"/>
        <source>Your payment is being confirmed. You will not be charged twice.</source>
        <translation>您的支付正在确认中。不会重复扣款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="49"/>
        <source>You have not paid yet.</source>
        <translation>您尚未支付。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="50"/>
        <source>Paid. Thank you.</source>
        <translation>支付成功，谢谢。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="51"/>
        <source>Pay-later is not available for you today. Staff will help you pay the usual way.</source>
        <translation>您今天暂不能使用先诊疗后付费。工作人员将协助您按常规方式缴费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="54"/>
        <source>Your card is not linked to pay-later yet. Staff will help you link it.</source>
        <translation>您的医保卡尚未开通先诊疗后付费。工作人员将协助您开通。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="59"/>
        <source>Patient: {name}</source>
        <translation>患者：{name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="60"/>
        <source>Number {number} · {department} · room {room}</source>
        <translation>{number} 号 · {department} · {room} 室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="62"/>
        <source>{department}, room {room}</source>
        <translation>{department}，{room} 室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="63"/>
        <source>Total {total}
Insurance fund pays {fund}
Personal account pays {account}</source>
        <translation>合计 {total}
统筹基金支付 {fund}
个人账户支付 {account}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="66"/>
        <source>Your share: {amount}</source>
        <translation>您需自付：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="67"/>
        <source>Confirm and pay {amount}</source>
        <translation>确认并支付 {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="68"/>
        <source>Reference {reference}</source>
        <translation>参考号 {reference}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="69"/>
        <source>Receipt {number}</source>
        <translation>收据号 {number}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="70"/>
        <source>Owed on pay-later: {amount}, due {date}</source>
        <translation>先诊疗后付费待还：{amount}，到期日 {date}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="71"/>
        <source>The bill has changed: please check the new amounts.</source>
        <translation>账单已变更：请核对新的金额。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/customer_window.py" line="73"/>
        <source>Clinic · see the doctor first, pay later</source>
        <translation>诊所 · 先诊疗后付费</translation>
    </message>
</context>
<context>
    <name>DebtConfirmScreen</name>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="71"/>
        <source>Mark this debt as paid?</source>
        <translation>确认将这笔欠款标记为已缴清？</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="72"/>
        <source>Money received: mark paid</source>
        <translation>已收款：标记为已缴清</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="73"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="75"/>
        <source>Confirm only once the money has been received. The debt is then marked paid and the patient&apos;s credit is checked again.</source>
        <translation>请在收到款项后再确认。确认后这笔欠款标记为已缴清，并重新核查患者的信用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="83"/>
        <source>Patient: {name}  ID {ssn}</source>
        <translation>患者：{name}  身份证号 {ssn}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="86"/>
        <source>Debt {number}, due {date}</source>
        <translation>欠款 {number}，到期日 {date}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="88"/>
        <source> (overdue)</source>
        <translation>（已逾期）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="89"/>
        <source>Amount: {amount}</source>
        <translation>金额：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/debt_screen.py" line="91"/>
        <source>Paid by: {channel}</source>
        <translation>缴费方式：{channel}</translation>
    </message>
</context>
<context>
    <name>FinanceWindow</name>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="43"/>
        <source>charge not finished</source>
        <translation>扣款未完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="45"/>
        <source>charge outcome unknown</source>
        <translation>扣款结果未知</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="47"/>
        <source>reversal: refund outcome unknown</source>
        <translation>冲正：退款结果未知</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="49"/>
        <source>partial refund: outcome unknown</source>
        <translation>部分退费：结果未知</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="53"/>
        <source>The gateway took the money: marked paid, the debt cancelled.</source>
        <translation>支付网关已扣款：已标记为已付，欠款已取消。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="55"/>
        <source>Charged, and the debt was paid at the counter too: give that back.</source>
        <translation>已扣款，且欠款已在窗口另付：请退还窗口所收款项。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="57"/>
        <source>The gateway declined the charge: the debt stands.</source>
        <translation>支付网关拒绝了扣款：欠款保留。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="59"/>
        <source>The gateway never took the money: the debt stands.</source>
        <translation>支付网关从未扣款：欠款保留。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="61"/>
        <source>Refunded and reversed.</source>
        <translation>已退款并冲正。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="63"/>
        <source>The gateway declined the refund: not reversed.</source>
        <translation>支付网关拒绝退款：未冲正。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="65"/>
        <source>Refunded.</source>
        <translation>已退款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="67"/>
        <source>Already resolved.</source>
        <translation>已处理过。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="69"/>
        <source>The settlement is completed.</source>
        <translation>结算已完成。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="71"/>
        <source>Resolved.</source>
        <translation>已处理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="75"/>
        <source>the payment gateway</source>
        <translation>支付网关</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="76"/>
        <source>the insurer</source>
        <translation>医保</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="79"/>
        <source>at {side}, not recorded here</source>
        <translation>{side}有记录，本院无记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="81"/>
        <source>amounts differ from {side}</source>
        <translation>金额与{side}不一致</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="83"/>
        <source>recorded here, missing at {side}</source>
        <translation>本院有记录，{side}无记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="85"/>
        <source>{finding} (its outcome is unknown: resolve it first)</source>
        <translation>{finding}（结果未知：请先处理）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="89"/>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="90"/>
        <source>fund</source>
        <translation>统筹基金</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="91"/>
        <source>personal account</source>
        <translation>个人账户</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="94"/>
        <source>The payment gateway still does not answer: try again later.</source>
        <translation>支付网关仍无应答：请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="96"/>
        <source>Its outcome is already known: the list is read again.</source>
        <translation>结果已确定：已重新读取列表。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="98"/>
        <source>The backend cannot be reached: try again shortly.</source>
        <translation>无法连接后台：请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="100"/>
        <source>That did not work: try again.</source>
        <translation>操作未成功：请重试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="294"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="300"/>
        <source>Nothing is unresolved.</source>
        <translation>没有待处理的款项。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="302"/>
        <source>Select one and press &quot;Ask the gateway and resolve&quot;.</source>
        <translation>选中一条，然后按“询问支付网关并处理”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="306"/>
        <source>Pick a day and reconcile it.</source>
        <translation>选择日期并对账。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="309"/>
        <source>{day}: {n} settlements; the gateway and the insurer agree.</source>
        <translation>{day}：{n} 笔结算；与支付网关和医保一致。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="313"/>
        <source>{day}: {n} settlements; {k} disagreements to look into.</source>
        <translation>{day}：{n} 笔结算；{k} 处不一致，需要核查。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="317"/>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="318"/>
        <source>Payments whose outcome is unknown</source>
        <translation>结果未知的款项</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="319"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="320"/>
        <source>Ask the gateway and resolve</source>
        <translation>询问支付网关并处理</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="321"/>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="322"/>
        <source>Reconcile</source>
        <translation>对账</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="324"/>
        <source>Settlement</source>
        <translation>结算单</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="324"/>
        <source>What is unknown</source>
        <translation>未知情况</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="324"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="325"/>
        <source>Since (UTC)</source>
        <translation>起始时间（UTC）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="325"/>
        <source>Gateway reference</source>
        <translation>网关流水号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="327"/>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="327"/>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="327"/>
        <source>Here</source>
        <translation>本院记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/finance_view.py" line="327"/>
        <source>There</source>
        <translation>对方记录</translation>
    </message>
</context>
<context>
    <name>FleetWindow</name>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="57"/>
        <source>silent for {minutes} min</source>
        <translation>{minutes} 分钟无心跳</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="60"/>
        <source>payments waiting to be sent: {n}, growing</source>
        <translation>待发送的付款 {n} 笔，仍在增加</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="63"/>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="64"/>
        <source>card reader fault</source>
        <translation>读卡器故障</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="65"/>
        <source>printer fault</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="144"/>
        <source>Kiosk fleet</source>
        <translation>自助机总览</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="145"/>
        <source>Kiosks that need someone</source>
        <translation>需要处理的自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="146"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="148"/>
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="148"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="148"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="148"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="150"/>
        <source>The fleet could not be read; it is asked again shortly.</source>
        <translation>暂时无法读取自助机状态，稍后会自动重试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/fleet_view.py" line="153"/>
        <source>{problems} need someone, {healthy} without a problem.</source>
        <translation>{problems} 台需要处理，{healthy} 台正常。</translation>
    </message>
</context>
<context>
    <name>HelpAlerts</name>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="59"/>
        <source>welcome (no card)</source>
        <translation>欢迎页（未插卡）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="60"/>
        <source>reading the card</source>
        <translation>正在读卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="61"/>
        <source>check-in</source>
        <translation>报到</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="62"/>
        <source>queue ticket</source>
        <translation>排队号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="63"/>
        <source>next stops</source>
        <translation>下一步去处</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="64"/>
        <source>bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="65"/>
        <source>paying</source>
        <translation>正在支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="66"/>
        <source>payment not confirmed</source>
        <translation>支付待确认</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="67"/>
        <source>not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="68"/>
        <source>receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="69"/>
        <source>first visit</source>
        <translation>首次就诊</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="70"/>
        <source>not eligible</source>
        <translation>不符合先诊疗后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="71"/>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="72"/>
        <source>take the card</source>
        <translation>请取卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="89"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="92"/>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="93"/>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="252"/>
        <location filename="../../kiosk/counter/help_alerts.py" line="271"/>
        <source>On my way</source>
        <translation>我这就去</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="263"/>
        <source>Kiosk {kiosk} · {location} · screen: {screen} · {age} ago</source>
        <translation>自助机 {kiosk} · {location} · 页面：{screen} · {age}前</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="264"/>
        <source>location not set</source>
        <translation>未设置位置</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/help_alerts.py" line="268"/>
        <source>A patient at a kiosk needs help</source>
        <translation>有患者在自助机旁需要帮助</translation>
    </message>
</context>
<context>
    <name>LinkScreen</name>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="181"/>
        <source>Link the card to pay-later</source>
        <translation>绑定“先诊疗后付费”</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="185"/>
        <source>Consent text version {version}</source>
        <translation>知情同意书版本 {version}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="188"/>
        <source>The patient has read the consent and agrees</source>
        <translation>患者已阅读并同意上述内容</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="189"/>
        <source>Patient&apos;s signature:</source>
        <translation>患者签名：</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="190"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="192"/>
        <source>I checked the card holder&apos;s identity against the photo ID</source>
        <translation>我已核对持卡人身份证件照片</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="193"/>
        <source>Payment method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="194"/>
        <source>Reference</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="195"/>
        <source>e.g. 6222****1234</source>
        <translation>例如 6222****1234</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="198"/>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="198"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="199"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="202"/>
        <source>Link</source>
        <translation>绑定</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="203"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PatientScreen</name>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="245"/>
        <source>No patient loaded.</source>
        <translation>尚未载入患者。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="246"/>
        <source>Not registered yet.</source>
        <translation>尚未登记。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="253"/>
        <source>Link: not linked</source>
        <translation>绑定状态：未绑定</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="256"/>
        <source>Link: {status}
Credit limit: {limit}
Payment method: {method} {ref}</source>
        <translation>绑定状态：{status}
信用额度：{limit}
支付方式：{method} {ref}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="262"/>
        <source>Available credit: {amount}</source>
        <translation>可用额度：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="264"/>
        <source>Decision: {decision}</source>
        <translation>评估结果：{decision}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="280"/>
        <source>OVERDUE</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="299"/>
        <source>refunded</source>
        <translation>已退费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="305"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="305"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="308"/>
        <source>310 employee</source>
        <translation>310 职工医保</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="308"/>
        <source>390 resident</source>
        <translation>390 居民医保</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="311"/>
        <source>linked</source>
        <translation>已绑定</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="311"/>
        <source>suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="312"/>
        <source>unlinked</source>
        <translation>已解绑</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="315"/>
        <source>eligible (pay later)</source>
        <translation>可先诊疗后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="316"/>
        <source>not linked</source>
        <translation>未绑定</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="317"/>
        <source>not eligible (pays at the counter)</source>
        <translation>不符合条件（窗口缴费）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="334"/>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="334"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="335"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="345"/>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="338"/>
        <source>paid</source>
        <translation>已缴清</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="323"/>
        <source>this city</source>
        <translation>本市</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="324"/>
        <source>another city of this province</source>
        <translation>省内异地</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="325"/>
        <source>another province</source>
        <translation>外省</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="326"/>
        <source>Insured at: {place} ({cls})</source>
        <translation>参保地：{place}（{cls}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="329"/>
        <source>Filed for direct settlement here: yes</source>
        <translation>已办理异地就医直接结算备案：是</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="330"/>
        <source>Filed for direct settlement here: no</source>
        <translation>已办理异地就医直接结算备案：否</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="338"/>
        <source>unpaid</source>
        <translation>未缴</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="339"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="342"/>
        <source>credit</source>
        <translation>信用</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="342"/>
        <location filename="../../kiosk/counter/patient_screen.py" line="349"/>
        <source>counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="345"/>
        <source>settled</source>
        <translation>已结算</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="346"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="349"/>
        <source>linked method</source>
        <translation>绑定账户</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="350"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="353"/>
        <source>Read card</source>
        <translation>读卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="354"/>
        <location filename="../../kiosk/counter/patient_screen.py" line="357"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="355"/>
        <source>18-character citizen ID</source>
        <translation>18位身份证号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="356"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="357"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="358"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="358"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="359"/>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="360"/>
        <source>Insurance</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="361"/>
        <source>Card valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="364"/>
        <source>Identity (check against the photo ID)</source>
        <translation>身份信息（请与身份证件核对）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="366"/>
        <source>First visit: this card is not registered. Choose the insurance type and create the patient record, then link the card.</source>
        <translation>首次就诊：此卡尚未登记。请选择险种并建立患者档案，然后绑定医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="373"/>
        <source>Create patient record</source>
        <translation>建立患者档案</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="374"/>
        <source>Pay-later link and eligibility</source>
        <translation>信用就医绑定与资格</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="375"/>
        <source>Link card…</source>
        <translation>绑定…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="376"/>
        <source>Suspend…</source>
        <translation>暂停…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="377"/>
        <source>Unlink…</source>
        <translation>解绑…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="378"/>
        <source>Reinstate…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="379"/>
        <source>Debts</source>
        <translation>欠款</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="381"/>
        <source>Debt</source>
        <translation>欠款</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="381"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="381"/>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="381"/>
        <location filename="../../kiosk/counter/patient_screen.py" line="390"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="387"/>
        <source>Pay selected debt in full</source>
        <translation>缴清所选欠款</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="388"/>
        <source>Open visits today</source>
        <translation>今日未结束就诊</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="390"/>
        <location filename="../../kiosk/counter/patient_screen.py" line="402"/>
        <source>Visit</source>
        <translation>就诊</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="390"/>
        <source>Department</source>
        <translation>科室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="390"/>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="391"/>
        <source>Unsettled</source>
        <translation>未结算</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="398"/>
        <source>Check in (pays at counter)</source>
        <translation>挂号（窗口缴费）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="399"/>
        <source>Take payment…</source>
        <translation>收费…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="400"/>
        <source>Settlements</source>
        <translation>结算记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="402"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="402"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="402"/>
        <source>Total</source>
        <translation>总额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="403"/>
        <source>Patient share</source>
        <translation>个人自付</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="403"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/patient_screen.py" line="404"/>
        <source>Refund selected…</source>
        <translation>退费所选…</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="88"/>
        <source>Visit {visit}  Total {total}  Insurance fund {fund}  Personal account {account}</source>
        <translation>就诊 {visit}  总额 {total}  医保基金 {fund}  个人账户 {account}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="92"/>
        <source>To collect from the patient: {amount}</source>
        <translation>应收患者现金：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="95"/>
        <source>Payment recorded: settlement {number}, {amount}.</source>
        <translation>已记录收费：结算 {number}，{amount}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="108"/>
        <source>Payment at the counter</source>
        <translation>窗口收费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="110"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="110"/>
        <source>Department</source>
        <translation>科室</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="110"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="110"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="111"/>
        <source>Money received: record payment</source>
        <translation>已收款：记录收费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="112"/>
        <source>Check outcome</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/payment_screen.py" line="113"/>
        <source>Back to patient</source>
        <translation>返回患者</translation>
    </message>
</context>
<context>
    <name>ReasonScreen</name>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="260"/>
        <source>Unlink the card</source>
        <translation>解除绑定</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="261"/>
        <source>Suspend pay-later</source>
        <translation>暂停先诊疗后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="262"/>
        <source>Reinstate pay-later (supervisor)</source>
        <translation>恢复先诊疗后付费（主管）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="263"/>
        <source>Refund settlement {number} (supervisor)</source>
        <translation>退费：结算 {number}（主管）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="268"/>
        <source>Enter the reason. It is kept in the audit log with your staff id.</source>
        <translation>请填写原因。原因将与您的工号一起记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="269"/>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="270"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="271"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RefundWindow</name>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="42"/>
        <source>No answer from the backend: press “Refund” again; the same refund is sent, never a second one.</source>
        <translation>后台没有应答：请再按“退费”；发送的是同一笔退费，绝不会退两次。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="45"/>
        <source>The refund is still running (the payment gateway has not answered): press “Refund” again later.</source>
        <translation>退费仍在处理中（支付网关尚未应答）：请稍后再按“退费”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="48"/>
        <source>No settlement has this number.</source>
        <translation>没有此结算单号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="49"/>
        <source>Not refunded: the settlement is reversed, the items went back already, or the gateway declined. It is shown as it is now.</source>
        <translation>未退费：该结算已冲正、项目已退过或网关拒绝。现显示其最新状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="52"/>
        <source>Only a supervisor may refund.</source>
        <translation>只有主管可以退费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="53"/>
        <source>That did not work: try again.</source>
        <translation>操作未成功：请重试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="56"/>
        <source>The cash part goes back to the patient&apos;s payment method.</source>
        <translation>现金部分原路退回患者的支付方式。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="58"/>
        <source>The cash part is taken off the patient&apos;s open debt.</source>
        <translation>现金部分从患者的待缴金额中扣减。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="60"/>
        <source>Give the cash part back at the counter.</source>
        <translation>请在窗口退还现金部分。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="61"/>
        <source>No cash part to give back.</source>
        <translation>没有需要退还的现金部分。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="173"/>
        <source>Type the settlement number from the receipt.</source>
        <translation>请输入凭条上的结算单号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="248"/>
        <source>refunded</source>
        <translation>已退费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="249"/>
        <source>paid</source>
        <translation>已缴费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="261"/>
        <source>Find a settlement by its number.</source>
        <translation>按结算单号查找结算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="265"/>
        <source>Settlement {n}: {total}, {status}; {k} refunds so far.</source>
        <translation>结算单 {n}：{total}，{status}；已退费 {k} 次。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="267"/>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="268"/>
        <source>not refundable ({status})</source>
        <translation>不可退费（{status}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="271"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="275"/>
        <source>Nothing of this settlement can be refunded.</source>
        <translation>此结算没有可退费的项目。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="277"/>
        <source>Tick the items going back and give the reason.</source>
        <translation>请勾选要退费的项目并填写原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="283"/>
        <source>Refund {r} of settlement {n}: {total} back ({fund} to insurance, {acct} to the personal account, {cash} to the patient). {how}</source>
        <translation>结算单 {n} 的第 {r} 号退费：共退 {total}（退回医保统筹 {fund}，个人账户 {acct}，个人现金 {cash}）。{how}</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="290"/>
        <source>Refund items</source>
        <translation>项目退费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="291"/>
        <source>Refund items of a settled visit</source>
        <translation>已结算就诊的项目退费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="292"/>
        <source>Settlement number</source>
        <translation>结算单号</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="293"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="294"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="295"/>
        <source>Refund</source>
        <translation>退费</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="296"/>
        <source>Print receipt</source>
        <translation>打印凭条</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="298"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="298"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="298"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/refund_view.py" line="298"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="84"/>
        <source>Counter sign-in</source>
        <translation>收费窗口登录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="85"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="86"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="87"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="90"/>
        <source>Your session ended after a period of inactivity. Please sign in again.</source>
        <translation>长时间无操作，已自动退出，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/forms.py" line="92"/>
        <source>You have signed out.</source>
        <translation>您已退出登录。</translation>
    </message>
</context>
<context>
    <name>Supervision</name>
    <message>
        <location filename="../../kiosk/counter/supervision.py" line="31"/>
        <source>Kiosk fleet</source>
        <translation>自助机总览</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/supervision.py" line="32"/>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <location filename="../../kiosk/counter/supervision.py" line="33"/>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
</context>
</TS>
